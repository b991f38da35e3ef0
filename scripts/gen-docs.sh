#!/usr/bin/env bash
# gen-docs.sh BINARY OUTDIR: man pages (OUTDIR/man8/ocirt.8, ocirt-<verb>.8) and bash completion
# (OUTDIR/bash-completion/ocirt), both from the help text the binary itself prints, so they
# cannot drift from it. Debian's runc package ships the same two things.
set -euo pipefail
bin=$1 out=$2
mkdir -p "$out/man8" "$out/bash-completion"
version=$("$bin" --version | sed -n 's/^ocirt version //p' | head -1)

# The verbs, from the COMMANDS: section ("help" is not a page of its own).
verbs=$("$bin" --help | awk '/^COMMANDS:/{on=1; next} /^[A-Z ]+:$/{on=0} on && NF {print $1}' | grep -vx help)

# Help text to troff: a "SECTION:" line becomes .SH, the rest is kept as it is printed.
to_man() { # to_man NAME SUMMARY < help
    local name=$1 summary=$2
    printf '.TH %s 8 "" "ocirt %s" "System Administration"\n' "${name^^}" "$version"
    printf '.SH NAME\n%s \\- %s\n' "$name" "$summary"
    awk 'NR == 1 && /^NAME:$/ {skip=1; next}
         skip && /^$/ {skip=0; next}
         skip {next}
         /^[A-Z][A-Z ]*:$/ {sub(/:$/, ""); print ".SH " $0; print ".nf"; next}
         {gsub(/\\/, "\\e"); if ($0 ~ /^[.'"'"']/) $0 = "\\&" $0; print}' |
        sed -e 's/^   //'
}
"$bin" --help | to_man ocirt "Open Container Initiative runtime" > "$out/man8/ocirt.8"
for verb in $verbs; do
    summary=$("$bin" --help | awk -v v="$verb" '/^COMMANDS:/{on=1; next} on && $1 == v {$1=""; sub(/^ +/, ""); print; exit}')
    "$bin" "$verb" --help | to_man "ocirt-$verb" "$summary" > "$out/man8/ocirt-$verb.8"
done

# Flags of a help text: every --long and -short spelling in its options section.
flags_of() { awk '/OPTIONS:$/{on=1; next} /^[A-Z ]+:$/{on=0} on' | grep -oE '(^|[ ,])--?[a-z][a-z0-9-]*' | tr -d ' ,' | sort -u | tr '\n' ' '; }
{
    echo '# bash completion for ocirt, generated from its help text by scripts/gen-docs.sh'
    echo '_ocirt() {'
    echo '    local cur=${COMP_WORDS[COMP_CWORD]} verb="" i'
    echo '    # The first word that is neither a flag nor the value of a global flag is the verb.'
    echo '    for ((i = 1; i < COMP_CWORD; i++)); do'
    echo '        case ${COMP_WORDS[i]} in'
    echo '            --root|--log|--log-format|--criu|--rootless) ((i++)) ;;'
    echo '            -*) ;;'
    echo '            *) verb=${COMP_WORDS[i]}; break ;;'
    echo '        esac'
    echo '    done'
    echo '    local words'
    echo '    case $verb in'
    printf '        "") [[ $cur == -* ]] && words="%s" || words="%s" ;;\n' "$("$bin" --help | sed 's/^GLOBAL OPTIONS:$/OPTIONS:/' | flags_of)" "$(echo $verbs help)"
    for verb in $verbs; do
        printf '        %s) words="%s" ;;\n' "$verb" "$("$bin" "$verb" --help | flags_of)"
    done
    echo '        *) words="" ;;'
    echo '    esac'
    echo '    # After a verb, anything but a flag is a container id.'
    echo '    if [[ -n $verb && $cur != -* ]]; then'
    echo '        words=$(ocirt list -q 2>/dev/null)'
    echo '    fi'
    echo '    COMPREPLY=($(compgen -W "$words" -- "$cur"))'
    echo '}'
    echo 'complete -F _ocirt ocirt'
} > "$out/bash-completion/ocirt"
