/// Why a least-squares computation could not be carried out.
///
/// Every case has a whole-sentence `description` that says what went wrong and what to change.
public enum LinalgError: Error, Equatable, CustomStringConvertible {
    /// A LAPACK routine returned `info != 0`.
    ///
    /// `info < 0`: argument number `-info` was illegal (a defect in this module, not in the data).
    /// `info > 0`: the routine failed numerically; for the SVD drivers (`dgesdd`, `dgelsd`) it
    /// means the bidiagonal QR/divide-and-conquer iteration did not converge.
    /// See the LAPACK Users' Guide (Anderson et al., 3rd ed., 1999), section 4.4 on `INFO`.
    case lapack(routine: String, info: Int)
    /// Two inputs that must agree in size do not: `what` names the quantity counted.
    case dimensionMismatch(what: String, expected: Int, actual: Int)
    /// A regression needs more observations than parameters (at least one residual degree of freedom).
    case tooFewObservations(observations: Int, parameters: Int)
    /// An input holds NaN or ±infinity; `what` names the vector or design column, `index` the row.
    case nonFiniteInput(what: String, index: Int)

    /// A sentence a user can act on.
    public var description: String {
        switch self {
        case let .lapack(routine, info) where info < 0:
            return "LAPACK routine \(routine) rejected argument \(-info) as illegal; this is a defect in "
                + "Headroom's Linalg module, so please report it together with the input sizes."
        case let .lapack(routine, info) where ["dgesdd", "dgelsd", "dgesvd"].contains(routine):
            return "The singular value decomposition in LAPACK routine \(routine) did not converge "
                + "(\(info) intermediate values failed to settle); rescale the design columns to "
                + "comparable magnitudes or remove nearly duplicated columns and try again."
        case let .lapack(routine, info) where routine == "dgesv":
            return "The square linear system is singular (LAPACK dgesv found a zero pivot at \(info)); "
                + "its equations are not independent, so it has no unique solution."
        case let .lapack(routine, info):
            return "LAPACK routine \(routine) failed with info = \(info); check the inputs for extreme "
                + "or degenerate values and try again."
        case let .dimensionMismatch(what, expected, actual):
            return "Expected \(expected) \(what) but found \(actual); make sure all inputs describe the "
                + "same observations and regressors."
        case let .tooFewObservations(observations, parameters):
            return "A regression with \(parameters) parameters needs more than \(parameters) observations, "
                + "but only \(observations) were given; supply a longer history or use fewer regressors."
        case let .nonFiniteInput(what, index):
            return "The \(what) holds a non-finite value (NaN or infinity) at row \(index); remove or fill "
                + "missing observations before fitting."
        }
    }
}

/// Input checks shared by the least-squares entry points.
enum InputValidation {
    /// Throws `.dimensionMismatch` unless `response.count == design.rows`, then
    /// `.nonFiniteInput` for the first NaN or infinity (design column by column, then response).
    static func check(design: Matrix, response: [Double]) throws(LinalgError) {
        guard response.count == design.rows else {
            throw .dimensionMismatch(what: "response values", expected: design.rows, actual: response.count)
        }
        if let offset = design.storage.firstIndex(where: { !$0.isFinite }) {
            let rows = max(design.rows, 1)
            throw .nonFiniteInput(what: "design column \(offset / rows)", index: offset % rows)
        }
        if let index = response.firstIndex(where: { !$0.isFinite }) {
            throw .nonFiniteInput(what: "response", index: index)
        }
    }
}
