#!/usr/bin/env bash
# sqlmap against a running Aduan: the public endpoints as a guest and the staff endpoints with a
# bearer token. Exits 1 if sqlmap identifies any injectable parameter, 2 if the setup fails.
#
#   security/sqlmap.sh                     # PostgreSQL at postgres://postgres@127.0.0.1:5432/postgres
#   DATABASE_URL=postgres://u:p@h/db security/sqlmap.sh   # another PostgreSQL server
#   ENGINE=pglite security/sqlmap.sh       # embedded PGlite in a temporary data directory
#   QUICK=1 security/sqlmap.sh             # level 1 / risk 1 everywhere (a few minutes)
#   ONLY=list-public,inbox security/sqlmap.sh   # only the named targets
#
# On PostgreSQL (the production engine, the default) a temporary database is created on the server
# named by DATABASE_URL (its user must be allowed to CREATE DATABASE) and dropped at the end. The
# server runs with the demo data (SEED_DEMO=1), on a free port, with its throttles raised so that
# sqlmap's thousands of requests are not answered 429/423 instead of reaching the SQL (see below).
# Logs: $OUT (printed; default a new directory under /tmp), one sqlmap output directory per target.
set -uo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
ENGINE="${ENGINE:-postgres}"
ADMIN_URL="${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/postgres}"
OUT="${OUT:-$(mktemp -d /tmp/aduan-sqlmap.XXXXXX)}"
PASSWORD="sqlmap-demo-$(head -c6 /dev/urandom | od -An -tx1 | tr -d ' \n')"
mkdir -p "$OUT"
echo "sqlmap run $(date -u +%FT%TZ), engine $ENGINE, logs in $OUT"

command -v sqlmap >/dev/null || { echo "sqlmap not installed (apt-get install sqlmap)"; exit 2; }
command -v jq >/dev/null || { echo "jq not installed"; exit 2; }

PORT="$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')"
BASE="http://127.0.0.1:$PORT"
SERVER_PID=""
DBNAME=""

cleanup() {
  if [ -n "$SERVER_PID" ]; then kill "$SERVER_PID" 2>/dev/null; wait "$SERVER_PID" 2>/dev/null; fi
  if [ -n "$DBNAME" ]; then psql "$ADMIN_URL" -qc "DROP DATABASE IF EXISTS $DBNAME WITH (FORCE)" >/dev/null 2>&1; fi
}
trap cleanup EXIT

SERVER_ENV=(
  PORT="$PORT" HOST=127.0.0.1 LOG_LEVEL=warn SEED_DEMO=1 DEMO_PASSWORD="$PASSWORD"
  DATA_DIR="$OUT/data"
  # Throttles raised for the scan, so that sqlmap's requests reach the SQL instead of a 429/423:
  # failed logins per username+address (sqlmap's login payloads would lock the account after 5),
  # requests per API key, complaint submissions per address and per account, citizen sign-in codes
  # per address. Keep this list in step with server/config.ts (a value out of range stops the server).
  LOGIN_MAX_FAILURES=1000 API_KEY_RATE_PER_MINUTE=100000
  SUBMIT_RATE_PER_ADDRESS_PER_HOUR=1000000 SUBMIT_BURST_PER_ADDRESS=1000000
  SUBMIT_RATE_PER_ACCOUNT_PER_HOUR=1000000 SUBMIT_BURST_PER_ACCOUNT=1000000
  CITIZEN_CODES_PER_ADDRESS_HOUR=100000
  SMS_INBOUND_SECRET=sqlmap-secret
)
if [ "$ENGINE" = postgres ]; then
  DBNAME="aduan_sqlmap_$(head -c5 /dev/urandom | od -An -tx1 | tr -d ' \n')"
  psql "$ADMIN_URL" -qc "CREATE DATABASE $DBNAME" || { echo "cannot create database on $ADMIN_URL"; DBNAME=""; exit 2; }
  DB_URL="$(node -e 'const u=new URL(process.argv[1]);u.pathname="/"+process.argv[2];console.log(u.href)' "$ADMIN_URL" "$DBNAME")"
  SERVER_ENV+=(DATABASE_URL="$DB_URL")
fi

# exec: $SERVER_PID is the server itself, so that cleanup stops it (not only a subshell).
(cd "$ROOT" && exec env "${SERVER_ENV[@]}" node --import tsx server/main.ts >"$OUT/server.log" 2>&1) &
SERVER_PID=$!
for _ in $(seq 1 300); do
  curl -fs "$BASE/healthz" >/dev/null 2>&1 && break
  kill -0 "$SERVER_PID" 2>/dev/null || { echo "server exited:"; tail -50 "$OUT/server.log"; exit 2; }
  sleep 1
done
curl -fs "$BASE/healthz" >/dev/null || { echo "server not healthy"; exit 2; }

login() {
  curl -fs -H 'content-type: application/json' -d "{\"username\":\"$1\",\"password\":\"$PASSWORD\"}" "$BASE/api/v1/auth/login" | jq -r .token
}
ADMIN="$(login admin.buleleng)"
PUPR="$(login pupr.buleleng)"
[ -n "$ADMIN" ] && [ "$ADMIN" != null ] && [ -n "$PUPR" ] && [ "$PUPR" != null ] || { echo "login failed"; exit 2; }

# The demo complaints are filed (and moved through the lifecycle) in the background after start:
# wait until their number has not changed for 15 s, so that the fixtures below keep their status.
NATIONAL="$(login admin.nasional)"
last=-1
stable=0
for _ in $(seq 1 120); do
  n="$(curl -fs -H "Authorization: Bearer $NATIONAL" "$BASE/api/v1/stats/summary?from=$(date -u -d '-2 years' +%F)&to=$(date -u -d '+1 day' +%F)" | jq '.received // empty')"
  if [ -n "$n" ] && [ "$n" -gt 0 ] && [ "$n" = "$last" ]; then stable=$((stable + 1)); else stable=0; fi
  [ "$stable" -ge 3 ] && break
  last="$n"
  sleep 5
done
echo "demo complaints: ${n:-?} (stable: $stable)"

# Fixtures: a tracking number, a submitted and an in-progress complaint, a cursor, a category.
# T_ANY: a published complaint of Buleleng (the Open311 targets name jurisdiction_id=51.08).
T_ANY="$(curl -fs "$BASE/api/v1/complaints?organisation=51.08&limit=1" | jq -r '.items[0].trackingNumber')"
CURSOR="$(curl -fs "$BASE/api/v1/complaints?limit=1" | jq -r '.nextCursor')"
T_SUB="$(curl -fs -H "Authorization: Bearer $ADMIN" "$BASE/api/v1/complaints?status=submitted&limit=1" | jq -r '.items[0].trackingNumber')"
T_INPROG="$(curl -fs -H "Authorization: Bearer $PUPR" "$BASE/api/v1/complaints?status=in_progress&limit=1" | jq -r '.items[0].trackingNumber')"
# A leaf category (an Open311 service): its code has a dot.
CAT="$(curl -fs "$BASE/api/v1/categories" | jq -r '[.. | objects | select(has("code")) | .code | select(contains("."))][0]')"
echo "fixtures: any=$T_ANY submitted=$T_SUB in_progress=$T_INPROG category=$CAT"
for v in "$T_ANY" "$CURSOR" "$T_SUB" "$T_INPROG" "$CAT"; do
  [ -n "$v" ] && [ "$v" != null ] || { echo "missing a fixture"; exit 2; }
done
APIKEY="$(curl -fs -H "Authorization: Bearer $ADMIN" -H 'content-type: application/json' \
  -d '{"name":"sqlmap","scopes":["submit","read","act"],"organisationCode":"51.08"}' "$BASE/api/v1/api-keys" | jq -r .key)"

FINDINGS=0
UNTESTED=0
# run NAME LEVEL RISK sqlmap-args...
run() {
  local name="$1" level="$2" risk="$3"
  shift 3
  if [ -n "${ONLY:-}" ] && [[ ",$ONLY," != *",$name,"* ]]; then return; fi
  if [ -n "${QUICK:-}" ]; then level=1; risk=1; fi
  local t0=$SECONDS
  sqlmap --batch --disable-coloring --skip-waf --dbms=PostgreSQL --level "$level" --risk "$risk" \
    --threads 2 --timeout 30 --retries 2 --output-dir "$OUT/$name" "$@" >"$OUT/$name.txt" 2>&1
  # The log file of a host is written only when an injection point is confirmed.
  if ! grep -q "testing '" "$OUT/$name.txt"; then
    # sqlmap gave up before testing anything (target unreachable, 401/404 on the original request).
    echo "NOT TESTED: $name: $(grep -E '\[(CRITICAL|ERROR)\]' "$OUT/$name.txt" | head -1 | sed 's/^\[[^]]*\] //')"
    UNTESTED=$((UNTESTED + 1))
  elif grep -q "identified the following injection point" "$OUT/$name.txt" || [ -s "$OUT/$name/127.0.0.1/log" ]; then
    echo "INJECTABLE: $name (see $OUT/$name.txt)"
    FINDINGS=$((FINDINGS + 1))
  else
    local tested
    tested="$(grep -cE "testing '" "$OUT/$name.txt")"
    echo "ok: $name (level $level, risk $risk, $tested payload families, $((SECONDS - t0)) s): $(grep -E 'do not appear to be injectable|not injectable' "$OUT/$name.txt" | tail -1 | sed 's/^\[[^]]*\] //')"
  fi
}
AUTH_ADMIN=(-H "Authorization: Bearer $ADMIN")
AUTH_PUPR=(-H "Authorization: Bearer $PUPR")
JSON=(-H 'Content-Type: application/json')

# Public: the complaint list and search, one complaint, its timeline, similar complaints.
run list-public 5 3 -u "$BASE/api/v1/complaints?q=jalan&status=disposed&organisation=51.08&category=$CAT&from=2020-01-01T00:00:00Z&to=2099-01-01T00:00:00Z&cursor=$CURSOR" \
  -p q,status,organisation,category,from,to,cursor,user-agent,referer,host
run complaint-public 5 3 -u "$BASE/api/v1/complaints/${T_ANY}*?accessCode=ABCD1234*"
run timeline-public 3 2 -u "$BASE/api/v1/complaints/${T_ANY}*/timeline?accessCode=ABCD1234*"
run similar 5 3 -u "$BASE/api/v1/complaints/similar?regionCode=51.08&categoryCode=$CAT&title=jalan+rusak&body=jalan+berlubang" \
  -p regionCode,categoryCode,title,body
run stats-public 5 3 -u "$BASE/api/v1/stats/public?organisation=51.08&from=2026-01-01&to=2026-12-31&interval=month" -p organisation,from,to,interval
run stats-public-csv 3 2 -u "$BASE/api/v1/stats/public.csv?organisation=51.08&from=2026-01-01&to=2026-12-31" -p organisation,from,to
# Open311.
run open311-requests 5 3 -u "$BASE/open311/v2/requests.json?jurisdiction_id=51.08&service_code=$CAT&status=open&start_date=2026-01-01T00:00:00Z&end_date=2026-03-01T00:00:00Z&service_request_id=$T_ANY&page=1&page_size=10" \
  -p jurisdiction_id,service_code,status,start_date,end_date,service_request_id,page,page_size
run open311-request 3 2 -u "$BASE/open311/v2/requests/${T_ANY}*.json?jurisdiction_id=51.08"
run open311-updates 3 2 -u "$BASE/open311/v2/servicerequestupdates.json?jurisdiction_id=51.08&service_request_id=$T_ANY&start_date=2026-01-01T00:00:00Z" \
  -p jurisdiction_id,service_request_id,start_date
if [ -n "$APIKEY" ] && [ "$APIKEY" != null ]; then
  run open311-post 2 1 -u "$BASE/open311/v2/requests.json" --method POST \
    --data "api_key=$APIKEY&jurisdiction_id=51.08&service_code=infrastruktur.jalan&description=Jalan+rusak+berlubang+di+depan+pasar&lat=-8.1&long=115.09&first_name=Budi&email=budi@example.org&attribute%5Bseverity%5D=tinggi" \
    -p jurisdiction_id,service_code,description,email
fi
# Intake as a guest (each accepted payload files a complaint in the temporary database).
run intake 2 1 -u "$BASE/api/v1/complaints" "${JSON[@]}" \
  --data '{"type":"pengaduan","title":"Jalan rusak","body":"Jalan berlubang di depan pasar","categoryCode":"'"$CAT"'","organisationCode":"51.08","location":{"regionCode":"51.08"},"reporter":{"name":"Budi","email":"budi@example.org"}}'
run login 3 3 --ignore-code=401 -u "$BASE/api/v1/auth/login" "${JSON[@]}" --data '{"username":"warga","password":"salah-sekali"}'
# SMS gateway (CEK with a tracking number).
run sms-inbound 3 2 -u "$BASE/sms/kannel/inbound?from=%2B6281234567890&to=1708&text=CEK+$T_ANY&id=sqlmap1&ts=1700000000&key=sqlmap-secret" -p from,text,id

# Staff, with the bearer token: the inbox (list with every filter), stats, the evaluation report,
# triage, and lifecycle actions with JSON bodies.
run inbox 5 3 "${AUTH_ADMIN[@]}" -u "$BASE/api/v1/complaints?view=scope&queue=main&sort=due&overdue=false&q=jalan&status=submitted&organisation=51.08&category=$CAT&from=2020-01-01T00:00:00Z&to=2099-01-01T00:00:00Z&cursor=$CURSOR" \
  -p view,queue,sort,overdue,q,status,organisation,category,from,to,cursor,user-agent,referer
run complaint-staff 3 2 "${AUTH_ADMIN[@]}" -u "$BASE/api/v1/complaints/${T_SUB}*"
run stats-summary 5 3 "${AUTH_ADMIN[@]}" -u "$BASE/api/v1/stats/summary?organisation=51.08&from=2026-01-01&to=2026-12-31&interval=week" -p organisation,from,to,interval
run evaluation 5 3 "${AUTH_ADMIN[@]}" -u "$BASE/api/v1/reports/evaluation?organisation=51.08&from=2026-01-01&to=2026-12-31&format=json" -p organisation,from,to,format
run triage 3 2 "${AUTH_ADMIN[@]}" -u "$BASE/api/v1/complaints/${T_SUB}*/suggestions"
run duplicates 3 2 "${AUTH_ADMIN[@]}" -u "$BASE/api/v1/complaints/${T_SUB}*/duplicates"
# verify with an unknown destination stays a 400 (the complaint remains submitted for every payload).
run action-verify 3 2 "${AUTH_ADMIN[@]}" "${JSON[@]}" -u "$BASE/api/v1/complaints/$T_SUB/actions/verify" \
  --data '{"organisationCode":"51.08.tidak-ada","categoryCode":"'"$CAT"'","title":"Judul"}'
# an interim response leaves the complaint in progress, so every payload meets the same state.
run action-respond 3 2 "${AUTH_PUPR[@]}" "${JSON[@]}" -u "$BASE/api/v1/complaints/$T_INPROG/actions/respond" \
  --data '{"message":"Sedang ditangani","final":false}'
run action-assign 2 1 "${AUTH_PUPR[@]}" "${JSON[@]}" -u "$BASE/api/v1/complaints/$T_INPROG/actions/assign" \
  --data '{"organisationCode":"51.08.pupr.tidak-ada"}'

if [ "$FINDINGS" -gt 0 ]; then
  echo "sqlmap found $FINDINGS injectable target(s); logs in $OUT"
  exit 1
fi
if [ "$UNTESTED" -gt 0 ]; then
  echo "$UNTESTED target(s) could not be tested; logs in $OUT"
  exit 2
fi
# A scan that silently hit nothing but errors proves nothing: the server must still be up.
curl -fs "$BASE/readyz" >/dev/null || { echo "the server is not ready after the scan"; tail -50 "$OUT/server.log"; exit 2; }
echo "sqlmap found nothing injectable; logs in $OUT"
