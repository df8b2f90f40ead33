/*
 * driver.c: the regression runner for a fuzz target, used when it is not linked with libFuzzer
 * (every normal and SAN=1 build): runs LLVMFuzzerTestOneInput once over every file named on the
 * command line or found in the folders named there, then prints "ok - TARGET: N inputs" (the
 * test harness counts it). A crash or a sanitizer report ends the process, and the test fails.
 */
#include "fuzz.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* Run the target on the file at path. 0, or -1 if it cannot be read. */
static int run_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	unsigned char *data = NULL;
	long n;
	int rc = -1;

	if (f == NULL)
		return -1;
	if (fseek(f, 0, SEEK_END) != 0 || (n = ftell(f)) < 0 || fseek(f, 0, SEEK_SET) != 0)
		goto out;
	if ((data = malloc((size_t)n + 1)) == NULL || fread(data, 1, (size_t)n, f) != (size_t)n)
		goto out;
	LLVMFuzzerTestOneInput(data, (size_t)n);
	rc = 0;
out:
	free(data);
	fclose(f);
	return rc;
}

int main(int argc, char **argv)
{
	const char *name = strrchr(argv[0], '/') ? strrchr(argv[0], '/') + 1 : argv[0];
	unsigned long count = 0, bad = 0;

	for (int i = 1; i < argc; i++) {
		struct stat st;
		DIR *d;
		struct dirent *e;

		if (stat(argv[i], &st) != 0) {
			bad++;
			continue;
		}
		if (!S_ISDIR(st.st_mode)) {
			bad += run_file(argv[i]) != 0;
			count++;
			continue;
		}
		if ((d = opendir(argv[i])) == NULL) {
			bad++;
			continue;
		}
		while ((e = readdir(d)) != NULL) {
			char path[4096];

			if (e->d_name[0] == '.')
				continue;
			snprintf(path, sizeof(path), "%s/%s", argv[i], e->d_name);
			bad += run_file(path) != 0;
			count++;
		}
		closedir(d);
	}
	if (bad || count == 0) {
		printf("not ok - %s: %lu inputs, %lu unreadable\n", name, count, bad);
		return 1;
	}
	printf("ok - %s: %lu inputs without a crash\n", name, count);
	return 0;
}
