#!/bin/sh
# t0858: a person's id that holds the child's name ("mum-yilmaz", "AyseFosterCarer") is refused
# by validate, naming the field, as the child id is: person ids name the post list's files
# (CHILD-DOC-TERM-PERSON-KEY.pdf) and the send log's and audit's rows, where the child's name
# must never be. Before, `send` put "mum-yilmaz" into the post list's file names. Ids such as
# 'c1', 'bf1', 'sw-north' stay valid, and the generated cohort raises no false alarm.
. tests/lib.sh
REC=$SAMPLES/ks2-initial.xml
for id in mum-yilmaz AyseFosterCarer yilmaz.c1; do
	sed "s|id=\"c1\"|id=\"$id\"|; s|person=\"c1\"|person=\"$id\"|g; s|owner=\"c1\"|owner=\"$id\"|g; s|by=\"c1\"|by=\"$id\"|g" "$REC" > "$T/r.xml"
	check_exit 1 "person id '$id' is refused" "$PEPKIT" validate "$T/r.xml"
	check_grep "... naming the field" "r.xml:[0-9]+: people/person\[3\]/@id: the person id holds the child's name" "$T/out"
	n=$(grep -c "holds the child's name" "$T/out")
	[ "$n" = 1 ] && ok "... once (its references are not errors of their own)" || notok "$n messages"
done
for id in bf1 sw-north c1x; do
	sed "s|id=\"c1\"|id=\"$id\"|; s|person=\"c1\"|person=\"$id\"|g; s|owner=\"c1\"|owner=\"$id\"|g; s|by=\"c1\"|by=\"$id\"|g" "$REC" > "$T/r.xml"
	check "person id '$id' is valid" "$PEPKIT" validate "$T/r.xml"
done
"$PEPKIT" sample --children 300 --seed 858 -o "$T/s" >/dev/null 2>&1 || notok "sample cohort"
check "a generated cohort's person ids raise no false alarm" "$PEPKIT" validate "$T/s"
done_testing
