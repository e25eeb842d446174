#!/usr/bin/env bash
# Make sure the local RabbitMQ broker answers on 127.0.0.1:5672, starting it if it is installed but down.
set -euo pipefail
port_open() { (exec 3<>/dev/tcp/127.0.0.1/5672) 2>/dev/null; }
port_open && exit 0
if command -v rabbitmq-server >/dev/null 2>&1; then
  echo "starting rabbitmq-server"
  rabbitmq-server -detached || true
  for _ in $(seq 1 60); do port_open && exit 0; sleep 1; done
fi
echo "RabbitMQ is not reachable on 127.0.0.1:5672 (distributed tests will fail under CI=true)" >&2
