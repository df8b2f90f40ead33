/*
 * rfile.h: the one way pepkit opens a file it reads as input (a record, an export, a profile,
 * a schema, a file to hash): a regular file only. A named pipe (FIFO), a device or a socket
 * where a file is expected is refused at once instead of blocking the run in open() or read()
 * forever (a FIFO with no writer would hold a store's or folder's lock while it waits).
 */
#ifndef PEPKIT_RFILE_H
#define PEPKIT_RFILE_H

#include "core/pepkit.h"

#include <sys/stat.h>

/* Open path for reading (close-on-exec) without waiting on it, and check it is a regular file.
 * Returns the descriptor (the caller closes it) with *st filled when st is not NULL, or -1
 * with err set: PK_EIO "cannot open 'PATH': REASON" or "cannot read 'PATH': not a regular
 * file". Reads from the descriptor block as usual (the O_NONBLOCK used to open it is cleared). */
int rfile_open(const char *path, struct stat *st, pk_error *err);

#endif
