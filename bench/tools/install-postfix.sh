#!/usr/bin/env bash
# Installs Debian's Postfix (the relay benchmark's reference) and the Cyrus SASL tools it uses for
# the apps' logins, when they are missing. "No configuration": the bench runs its own instance
# with its own config directory (postfix -c DIR) and never touches /etc/postfix's system mail.
set -euo pipefail
if [ -x /usr/sbin/postfix ] && command -v saslpasswd2 >/dev/null && ls /usr/lib/*/sasl2/libsasldb.so* >/dev/null 2>&1 \
   && ls /usr/lib/*/sasl2/libplain.so* >/dev/null 2>&1; then
  exit 0
fi
sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
echo "postfix postfix/main_mailer_type select No configuration" | $sudo debconf-set-selections
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends \
  postfix sasl2-bin libsasl2-modules libsasl2-modules-db >/dev/null
