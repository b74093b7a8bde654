// LAPACKE (Debian's liblapacke-dev) and CBLAS as shipped by OpenBLAS
// (Debian's libopenblas-dev, which also declares openblas_set_num_threads).
#include <lapacke.h>
#include <cblas.h>
