set -e
python3 - <<'PY'
import datetime
t0=datetime.datetime(2026,7,6)
rows=["timestamp,value"]+[f"{(t0+datetime.timedelta(hours=i)).strftime('%Y-%m-%dT%H:%M:%SZ')},{5+(i%24)/10}" for i in range(24*21)]
open("good.csv","w").write("\n".join(rows)+"\n")
r=rows[:]; r[3]=r[3].split(",")[0]+",abc"; open("abc.csv","w").write("\n".join(r)+"\n")
r=rows[:]; r[5]=r[5]+",9"; open("extra.csv","w").write("\n".join(r)+"\n")
r=rows[:]; r[4]=r[4].split(",")[0]; open("short.csv","w").write("\n".join(r)+"\n")
r=rows[:]; r[6]=r[6].split(",")[0]+",1e309"; open("inf.csv","w").write("\n".join(r)+"\n")
r=rows[:]; r[2]="yesterday,4"; open("badts.csv","w").write("\n".join(r)+"\n")
open("empty.csv","w").write("")
open("headeronly.csv","w").write("timestamp,value\n")
open("onepoint.csv","w").write("timestamp,value\n2026-07-06T00:00:00Z,1\n")
open("three.csv","w").write("timestamp,value\n2026-07-06T00:00:00Z,1\n2026-07-06T01:00:00Z,2\n2026-07-06T02:00:00Z,3\n")
r=rows[:24*3]+rows[24*13:]; open("gap.csv","w").write("\n".join(r)+"\n")
big=["timestamp,value"]+[f"{(t0+datetime.timedelta(hours=i)).strftime('%Y-%m-%dT%H:%M:%SZ')},{1.7e308*(0.5+(i%24)/48)}" for i in range(24*21)]
open("huge.csv","w").write("\n".join(big)+"\n")
open("long.csv","w").write("service,metric,timestamp,value\napi,cpu_cores,2026-07-06T00:00:00Z,1\n,cpu_cores,2026-07-06T01:00:00Z,2\n")
open("events-bad.csv","w").write("name,start,end\nlaunch,2026-07-10,2026-07-09\n")
open("events.csv","w").write("name,start,end\nlaunch,2026-07-10,2026-07-11\n")
open("trace-neg.csv","w").write("timestamp,demand_cores\n0,1\n15,-2\n30,1\n")
open("trace-uneven.csv","w").write("timestamp,demand_cores\n0,1\n15,2\n45,1\n")
open("short-series.csv","w").write("service,metric,timestamp,value\nweb,cpu_cores,2026-07-06T00:00:00Z,1\nweb,cpu_cores,2026-07-06T01:00:00Z,2\nweb,cpu_cores,2026-07-06T02:00:00Z,3\n")
open("trace.csv","w").write("timestamp,demand_cores\n"+"".join(f"{i*15},{1+(i%10)/5}\n" for i in range(200)))
PY
headroom ingest db.sqlite --csv good.csv --service api --metric cpu_cores --unit cores >/dev/null
cat > job.yaml <<YAML
database: db.sqlite
horizon: 1d
output: out
YAML
