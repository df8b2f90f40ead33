/*
 * irnum.h: numbers read from a document IR, bounded. Every number that drives a layout (column
 * widths, spans, chart ranges and values) goes through these, with the bounds of
 * schemas/document.xsd, so an IR that was not validated (or a bound the schema missed) can
 * never overflow an int or put NaN or infinity into a PDF or DOCX.
 */
#ifndef PEPKIT_IRNUM_H
#define PEPKIT_IRNUM_H

#include "core/pepkit.h"

/* Bounds shared with schemas/document.xsd. */
#define IRNUM_MAX_WEIGHT 1000L       /* a column's relative width */
#define IRNUM_MAX_COLS 20            /* columns in a table, and so a cell's span */
#define IRNUM_MAX_CHART 1000000.0    /* |chart min, max, tick, point| */

/* s as a decimal integer clamped to [lo, hi]; def when s is NULL, empty or not a number. */
long irnum_int(const char *s, long def, long lo, long hi);

/* s as a finite number (strtod in the C locale: pepkit never calls setlocale), clamped to
 * [lo, hi]; def when s is NULL or not a finite number. Never NaN or infinite. */
double irnum_real(const char *s, double def, double lo, double hi);

#endif
