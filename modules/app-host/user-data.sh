#!/bin/bash
# First-boot setup of the Phase 1 application host (Amazon Linux 2023), run once by cloud-init as root.
#
# Installs Docker and the CloudWatch agent, then installs a systemd service that runs the application image with
# pm2-runtime as the container's main process. The service, not this script, pulls and starts the image: it reads
# the image tag from Parameter Store at every start, so a deploy changes the parameter and restarts the service,
# and a reboot starts the same image again. Before its first start the service creates the application's database
# user (db-app-user). With a domain (TLS_DOMAIN), a second service runs the TLS proxy on ports 80 and 443.
#
# Words in capitals between double underscores are placeholders, filled in by modules/app-host/user-data.ts
# before the script reaches the instance.
# No secret is ever written here: the host reads them at run time with its instance role.
set -euo pipefail
# cloud-init records this script's output in /var/log/cloud-init-output.log.

readonly AWS_REGION="__REGION__"
readonly PARAMETER_PATH="__PARAMETER_PATH__"
readonly CONTAINER_PORT="__CONTAINER_PORT__"
readonly TLS_DOMAIN="__TLS_DOMAIN__"
readonly PROXY_IMAGE="__PROXY_IMAGE__"
readonly APP_LOG_FILE="__APP_LOG_FILE__"
readonly LIBEXEC=/usr/local/libexec/app-host
readonly AGENT_CONFIG=/opt/aws/amazon-cloudwatch-agent/etc/amazon-cloudwatch-agent.json

log() { echo "user-data: $*"; }

# The Elastic IP is on the network interface before boot, but repository mirrors can still fail transiently.
retry() {
  local attempt
  for attempt in 1 2 3 4 5; do
    if "$@"; then return 0; fi
    log "attempt ${attempt} of '$*' failed; retrying in $((attempt * 10)) s"
    sleep $((attempt * 10))
  done
  return 1
}

log "installing packages"
retry dnf install -y docker amazon-cloudwatch-agent jq logrotate
systemctl enable --now docker

log "writing host configuration"
install -d -m 0755 /etc/app-host "$LIBEXEC" "$(dirname "$APP_LOG_FILE")"
cat >/etc/app-host/host.env <<EOF
AWS_REGION=${AWS_REGION}
AWS_DEFAULT_REGION=${AWS_REGION}
PARAMETER_PATH=${PARAMETER_PATH}
CONTAINER_PORT=${CONTAINER_PORT}
TLS_DOMAIN=${TLS_DOMAIN}
PROXY_IMAGE=${PROXY_IMAGE}
EOF
chmod 0644 /etc/app-host/host.env

cat >"${LIBEXEC}/app-container" <<'APP_CONTAINER_SCRIPT'
__APP_CONTAINER_SCRIPT__
APP_CONTAINER_SCRIPT
cat >"${LIBEXEC}/db-app-user" <<'DB_APP_USER_SCRIPT'
__DB_APP_USER_SCRIPT__
DB_APP_USER_SCRIPT
chmod 0755 "${LIBEXEC}/app-container" "${LIBEXEC}/db-app-user"

log "configuring the CloudWatch agent"
cat >"$AGENT_CONFIG" <<'CLOUDWATCH_AGENT_CONFIG'
__CLOUDWATCH_AGENT_CONFIG__
CLOUDWATCH_AGENT_CONFIG
touch "$APP_LOG_FILE"
/opt/aws/amazon-cloudwatch-agent/bin/amazon-cloudwatch-agent-ctl -a fetch-config -m ec2 -s -c "file:${AGENT_CONFIG}"

# systemd keeps the log file open, so rotation truncates it in place; the agent notices the truncation.
cat >/etc/logrotate.d/app <<EOF
${APP_LOG_FILE} {
  daily
  rotate 3
  maxsize 100M
  compress
  delaycompress
  missingok
  notifempty
  copytruncate
}
EOF

log "installing the application service"
cat >/etc/systemd/system/app.service <<EOF
[Unit]
Description=Application container (pm2-runtime supervises the Node.js processes inside it)
Wants=network-online.target
After=network-online.target docker.service
Requires=docker.service
# Keep retrying forever: before the first deploy the image tag parameter is "none" and start fails on purpose.
StartLimitIntervalSec=0

[Service]
EnvironmentFile=/etc/app-host/host.env
ExecStartPre=${LIBEXEC}/db-app-user
ExecStartPre=${LIBEXEC}/app-container prepare
ExecStart=${LIBEXEC}/app-container run
ExecStop=/usr/bin/docker stop --time 30 app
Restart=always
RestartSec=30
TimeoutStartSec=900
StandardOutput=append:${APP_LOG_FILE}
StandardError=append:${APP_LOG_FILE}

[Install]
WantedBy=multi-user.target
EOF

services=(app.service)
if [[ -n "$TLS_DOMAIN" ]]; then
  log "installing the TLS proxy for ${TLS_DOMAIN}"
  # Caddy's automatic HTTPS: a certificate for the site below, renewed before expiry, and port 80 redirected.
  cat >/etc/app-host/Caddyfile <<EOF
{
	servers {
		# The security group opens TCP 443 only: do not advertise HTTP/3 (UDP).
		protocols h1 h2
	}
}
${TLS_DOMAIN} {
	reverse_proxy app:${CONTAINER_PORT}
}
EOF
  # Output stays in the journal (journalctl -u app-proxy): its upstream errors while the application restarts
  # must not count as application errors.
  cat >/etc/systemd/system/app-proxy.service <<EOF
[Unit]
Description=TLS proxy (Caddy): HTTPS on 443 with certificates it renews itself, port 80 redirected
Wants=network-online.target
After=network-online.target docker.service
Requires=docker.service
StartLimitIntervalSec=0

[Service]
EnvironmentFile=/etc/app-host/host.env
ExecStart=${LIBEXEC}/app-container proxy
ExecStop=/usr/bin/docker stop --time 10 app-proxy
Restart=always
RestartSec=10

[Install]
WantedBy=multi-user.target
EOF
  services+=(app-proxy.service)
fi

systemctl daemon-reload
systemctl enable logrotate.timer "${services[@]}"
systemctl start logrotate.timer
# --no-block: before the first deploy the start fails by design, which must not fail this script.
systemctl start --no-block "${services[@]}"
log "done"
