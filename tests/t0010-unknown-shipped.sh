#!/bin/sh
# t0010-unknown-shipped: a shipped name mistyped in --framework, --calendar or --map is a
# usage error (exit 2; it was "cannot open '.../templates/qa-sthelen.xml'", exit 3) before
# anything is read or written, naming the shipped ones and the close one. A file's path is
# still read as before.
. tests/lib.sh
mkdir "$T/cohort"
cp "$SAMPLES/ks2-initial.xml" "$T/cohort/"

check_exit 2 "qa --framework sthelen" $PEPKIT qa --framework sthelen -o "$T/qa" "$T/cohort"
check_grep "... suggests sthelens and lists the frameworks" "^pepkit: error: unknown framework 'sthelen': did you mean 'sthelens'\? \(shipped: default, lancashire, sthelens; or a file's path\)$" "$T/err"
check_grep "... and points to qa --help" "^see 'pepkit qa --help'$" "$T/err"
check_exit 2 "qa --calendar england (the start of the shipped name)" $PEPKIT qa --calendar england -o "$T/qa" "$T/cohort"
check_grep "... suggests england-2025-27" "unknown calendar 'england': did you mean 'england-2025-27'\?" "$T/err"
[ ! -e "$T/qa" ] && ok "qa wrote nothing" || notok "qa made its output folder"
check_exit 3 "qa --framework missing.xml (a path) still cannot be opened" $PEPKIT qa --framework "$T/missing.xml" -o "$T/qa" "$T/cohort"
check_grep "... naming the file" "cannot open '$T/missing.xml'" "$T/err"
check "qa --framework lancashire works" $PEPKIT qa -q --framework lancashire --on 2025-12-01 -o "$T/qa2" "$T/cohort"

mkdir "$T/ex"
printf 'UPN,Surname,Forename,Subject,Result\n' >"$T/ex/a.csv"
check_exit 2 "merge --map sims-lng" $PEPKIT merge --map sims-lng -o "$T/m" "$T/cohort" "$T/ex"
check_grep "... suggests sims-long and lists the profiles" "^pepkit: error: unknown mapping profile 'sims-lng': did you mean 'sims-long'\? \(shipped: arbor-long, bromcom-wide, scholarpack-long, sims-long, sims-marksheet-wide; or a file's path\)$" "$T/err"
check_exit 2 "merge --map a.csv=bromcom (CSV=PROFILE)" $PEPKIT merge --map "$T/ex/a.csv=bromcom" -o "$T/m" "$T/cohort" "$T/ex"
check_grep "... suggests bromcom-wide" "unknown mapping profile 'bromcom': did you mean 'bromcom-wide'\?" "$T/err"
[ ! -e "$T/m" ] && ok "merge wrote nothing" || notok "merge made its output folder"
check_exit 2 "pack --attainment --map sims-longg" $PEPKIT pack --attainment "$T/ex" --map sims-longg -o "$T/p" "$T/cohort"
check_grep "... suggests sims-long" "unknown mapping profile 'sims-longg': did you mean 'sims-long'\?" "$T/err"
[ ! -e "$T/p" ] && ok "pack wrote nothing" || notok "pack made its output folder"
# a folder of profiles and a profile file are still taken
mkdir "$T/profiles"
cp "$SRCDIR/templates/mapping-sims-long.xml" "$T/profiles/"
$PEPKIT merge --map "$T/profiles" -o "$T/m2" "$T/cohort" "$T/ex" >"$T/out" 2>"$T/err"
[ $? -ne 2 ] && ok "merge --map FOLDER is not a usage error" || notok "merge --map FOLDER refused"
$PEPKIT merge --map "$T/profiles/mapping-sims-long.xml" -o "$T/m3" "$T/cohort" "$T/ex" >"$T/out" 2>"$T/err"
[ $? -ne 2 ] && ok "merge --map FILE is not a usage error" || notok "merge --map FILE refused"
done_testing
