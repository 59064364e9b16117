#!/usr/bin/env bash
# Installs the sermon uploader as a systemd service on Raspberry Pi OS / Debian (run as root, from the
# directory holding sermon-uploader.jar and this deploy/ directory's files):
#   sudo ./install.sh path/to/sermon-uploader.jar
# Needs openjdk-17-jre-headless (or any Java 17+). Idempotent: run it again to upgrade the jar.
set -euo pipefail
jar=${1:?usage: install.sh path/to/sermon-uploader.jar}
here=$(cd "$(dirname "$0")" && pwd)
opt=/opt/sermon-uploader

id sermon >/dev/null 2>&1 || useradd --system --home-dir /var/lib/sermon-uploader --shell /usr/sbin/nologin sermon
install -d -m 0755 "$opt"
install -m 0644 "$jar" "$opt/sermon-uploader.jar"
install -m 0644 "$here/jvm.options" "$opt/jvm.options"
install -m 0644 "$here/sermon-uploader.service" /etc/systemd/system/sermon-uploader.service
install -d -o sermon -g sermon -m 0750 /var/lib/sermon-uploader
# Site settings and secrets (UPLOAD_TOKEN, S3_SECRET_KEY, DISCORD_WEBHOOK_URL): readable by root only.
[ -e /etc/sermon-uploader.env ] || install -m 0600 /dev/null /etc/sermon-uploader.env
chmod 0600 /etc/sermon-uploader.env

# Class-data sharing: start the service once in a scratch directory, let it answer a request, and have the
# JVM write the classes it loaded to an archive that every later start maps instead of loading them again.
echo "creating the class-data sharing archive (a few seconds)..."
# It runs as the service's own user, not root, in a scratch directory that user owns.
scratch=$(mktemp -d)
chown sermon:sermon "$scratch"
rm -f "$opt/sermon-uploader.jsa"
grep -v -e SharedArchiveFile -e Xshare "$here/jvm.options" > "$scratch/jvm.options"
runuser -u sermon -- "$here/cds-archive.sh" "$opt/sermon-uploader.jar" "$scratch/jvm.options" "$scratch/archive.jsa"
install -m 0644 "$scratch/archive.jsa" "$opt/sermon-uploader.jsa"
rm -rf "$scratch"

systemctl daemon-reload
systemctl enable sermon-uploader
systemctl restart sermon-uploader
for _ in $(seq 50); do
  [ -s /var/lib/sermon-uploader/upload-token ] && break
  sleep 0.2
done
echo "installed and running on http://$(hostname).local:8000/"
echo "the upload token is in /var/lib/sermon-uploader/upload-token (sudo cat it); open"
echo "  http://$(hostname).local:8000/#token=<that token>"
echo "once in each browser that uploads. Put a TLS reverse proxy in front before using it over Wi-Fi (see the README)."
