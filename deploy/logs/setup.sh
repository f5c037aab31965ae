#!/bin/sh
# One-shot setup of the log stack: the ingest pipeline and index template in Elasticsearch, then the
# data view, saved searches and dashboard in Kibana. Safe to run again (everything is overwritten).
set -eu
ES=${ES_URL:-http://elasticsearch:9200}
KB=${KIBANA_URL:-http://kibana:5601}
DIR=$(dirname "$0")

until curl -fsS "$ES/_cluster/health?wait_for_status=yellow&timeout=5s" >/dev/null; do sleep 3; done
curl -fsS -X PUT "$ES/_ingest/pipeline/gp-record-gateway-logs" -H 'Content-Type: application/json' --data-binary @"$DIR/ingest-pipeline.json"
curl -fsS -X PUT "$ES/_index_template/gp-record-gateway-logs" -H 'Content-Type: application/json' --data-binary @"$DIR/index-template.json"

until curl -fsS "$KB/api/status" | grep -q '"level":"available"'; do sleep 5; done
curl -fsS -X POST "$KB/api/saved_objects/_import?overwrite=true" -H 'kbn-xsrf: setup' -F file=@"$DIR/kibana/saved-objects.ndjson"
echo 'log stack ready: Kibana → Dashboards → "GP record gateway"'
