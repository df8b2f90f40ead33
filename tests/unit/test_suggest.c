/*
 * test_suggest.c: core/suggest: the edit distance (a swap counts one, the cap), the close
 * candidate ("did you mean"), a start shared by one candidate, ties and long words giving no
 * guess, and the shipped-name listing of a folder.
 */
#include "core/pepkit.h"
#include "core/suggest.h"
#include "unit.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int main(void)
{
	static const char *const opts[] = { "term", "doc", "format", "audience", "records-out", "recursive", NULL };
	static const char *const seasons[] = { "autumn", "spring", "summer" };
	static const char *const pep[] = { "pep1", "pep2" };
	char dir[] = "/tmp/pepkit-suggest-XXXXXX", path[256], list[256], near[64];
	const char *p;

	CHECK(suggest_distance("term", "term", 2) == 0, "distance of a word to itself is 0");
	CHECK(suggest_distance("temr", "term", 2) == 1, "two neighbours swapped count one");
	CHECK(suggest_distance("sned", "send", 2) == 1, "sned is one from send");
	CHECK(suggest_distance("fromat", "format", 2) == 1, "fromat is one from format");
	CHECK(suggest_distance("kitten", "sitting", 5) == 3, "kitten to sitting is 3");
	CHECK(suggest_distance("abcdefgh", "zzzzzzzz", 2) == 3, "over the cap gives cap+1");
	CHECK(suggest_distance("", "abc", 5) == 3, "from the empty word: its length");

	p = suggest_pick("temr", opts, 7);
	CHECK(p && strcmp(p, "term") == 0, "temr -> term");
	p = suggest_pick("audiance", opts, 7);
	CHECK(p && strcmp(p, "audience") == 0, "audiance -> audience");
	p = suggest_pick("FORMAT", opts, 7);
	CHECK(p && strcmp(p, "format") == 0, "case is ignored");
	CHECK(suggest_pick("zzzz", opts, 7) == NULL, "nothing close: no guess");
	CHECK(suggest_pick("pep3", pep, 2) == NULL, "two equally close: no guess");
	CHECK(suggest_pick("", opts, 7) == NULL, "the empty word: no guess");
	p = suggest_pick("sprng", seasons, 3);
	CHECK(p && strcmp(p, "spring") == 0, "sprng -> spring");
	p = suggest_pick("aud", opts, 7);
	CHECK(p && strcmp(p, "audience") == 0, "a start of one candidate (3 letters or more) -> it");

	CHECK(mkdtemp(dir) != NULL, "a temp folder");
	for (int i = 0; i < 3; i++) {
		static const char *const files[] = { "qa-default.xml", "qa-sthelens.xml", "calendar-x.xml" };
		FILE *f;

		snprintf(path, sizeof(path), "%s/%s", dir, files[i]);
		if ((f = fopen(path, "w")) != NULL)
			fclose(f);
	}
	suggest_shipped(dir, "qa-", "sthelen", list, sizeof(list), near, sizeof(near));
	CHECK(strcmp(list, "default, sthelens") == 0, "the shipped qa-*.xml names, sorted (got '%s')", list);
	CHECK(strcmp(near, "sthelens") == 0, "the close one (got '%s')", near);
	suggest_shipped(dir, "nothing-", "x", list, sizeof(list), near, sizeof(near));
	CHECK(strcmp(list, "none found") == 0 && near[0] == '\0', "no file with the prefix: 'none found'");
	for (int i = 0; i < 3; i++) {
		static const char *const files[] = { "qa-default.xml", "qa-sthelens.xml", "calendar-x.xml" };

		snprintf(path, sizeof(path), "%s/%s", dir, files[i]);
		unlink(path);
	}
	rmdir(dir);
	return unit_done();
}
