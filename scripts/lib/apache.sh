# shellcheck shell=bash
# Where the Apache the hook tests serve from lives: Debian/Ubuntu's apache2 package, or
# Homebrew's httpd on macOS. APACHE_BIN and APACHE_MODULES, when set, win.
find_apache() {
  if [ -z "${APACHE_BIN:-}" ]; then
    if [ -x /usr/sbin/apache2 ]; then
      APACHE_BIN=/usr/sbin/apache2
    elif command -v httpd >/dev/null 2>&1; then
      APACHE_BIN=$(command -v httpd)
    fi
  fi
  if [ -z "${APACHE_MODULES:-}" ]; then
    if [ -d /usr/lib/apache2/modules ]; then
      APACHE_MODULES=/usr/lib/apache2/modules
    elif [ -n "${APACHE_BIN:-}" ]; then
      # Homebrew: <prefix>/bin/httpd and <prefix>/lib/httpd/modules
      APACHE_MODULES="$(cd "$(dirname "$APACHE_BIN")/.." && pwd)/lib/httpd/modules"
    fi
  fi
  export APACHE_BIN APACHE_MODULES
}
