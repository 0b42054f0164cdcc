#!/usr/bin/env bash
# Builds the chat widget into web/dist/, the files a site serves (at /widget/ in the demo):
#   kine-chat.js   socket.io-client's prebuilt bundle (from the npm registry, at the version
#                  locked in package-lock.json) and src/kine-chat.js, in one file
#   kine-chat.css  the widget's styles, loaded by kine-chat.js from beside it
# Nothing is fetched from a CDN when the page runs.  Needs node and npm.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"

npm ci --no-audit --no-fund --ignore-scripts --loglevel=error

io=node_modules/socket.io-client/dist/socket.io.min.js
version=$(node -p 'require("./node_modules/socket.io-client/package.json").version')
rm -rf dist
mkdir -p dist
{
  printf '/*! KineChat widget. Contains socket.io-client %s (MIT License, see socket.io-client.LICENSE). */\n' "$version"
  # The bundle runs where define/module/exports are not visible, so that it always sets
  # the global io; the widget keeps it in a variable and gives the page back its own io.
  printf '(function () {\nvar define, module, exports, previousIo = window.io;\n'
  sed '/^\/\/# sourceMappingURL=/d' "$io"
  printf '\nvar io = window.io;\nif (previousIo === undefined) { delete window.io; } else { window.io = previousIo; }\n'
  cat src/kine-chat.js
  printf '})();\n'
} > dist/kine-chat.js
cp src/kine-chat.css dist/kine-chat.css
cp node_modules/socket.io-client/LICENSE dist/socket.io-client.LICENSE
echo "web/dist: $(cd dist && ls | tr '\n' ' ')"
