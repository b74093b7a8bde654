#!/usr/bin/env bash
# Which HTTP client builds faster from a clean clone, as CI builds: a first debug build of a
# one-file package that makes one request, with Foundation's URLSession (FoundationNetworking)
# and with async-http-client. Prints the wall time of each. Run from anywhere; uses a temporary
# folder and removes it.
set -euo pipefail
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

mkdir -p "$work/urlsession/Sources/P" "$work/ahc/Sources/P"
cat > "$work/urlsession/Package.swift" <<'SWIFT'
// swift-tools-version:6.0
import PackageDescription
let package = Package(name: "P", targets: [.executableTarget(name: "P")])
SWIFT
cat > "$work/urlsession/Sources/P/main.swift" <<'SWIFT'
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
let (data, _) = try await URLSession.shared.data(from: URL(string: "http://127.0.0.1:9/api/v1/query_range")!)
print(data.count)
SWIFT
cat > "$work/ahc/Package.swift" <<'SWIFT'
// swift-tools-version:6.0
import PackageDescription
let package = Package(name: "P", platforms: [.macOS(.v13)],
  dependencies: [.package(url: "https://github.com/swift-server/async-http-client", exact: "1.37.0")],
  targets: [.executableTarget(name: "P", dependencies: [.product(name: "AsyncHTTPClient", package: "async-http-client")])])
SWIFT
cat > "$work/ahc/Sources/P/main.swift" <<'SWIFT'
import AsyncHTTPClient
let response = try await HTTPClient.shared.get(url: "http://127.0.0.1:9/api/v1/query_range").get()
print(response.status)
SWIFT

for client in urlsession ahc; do
  start=$(date +%s.%N)
  (cd "$work/$client" && swift build > build.log 2>&1) || { cat "$work/$client/build.log"; exit 1; }
  end=$(date +%s.%N)
  awk -v c="$client" -v s="$start" -v e="$end" 'BEGIN { printf "%-12s first debug build %6.1f s\n", c, e - s }'
done
