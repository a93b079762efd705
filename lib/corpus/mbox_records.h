#pragma once
// Finds the messages of an mbox file in one pass, and undoes mboxrd quoting
// of one message. Pure functions on views: no I/O, nothing thrown.
//
// Lines end with "\n" (so "\r\n" too); a lone "\r" does not end a line, as in
// Python's mailbox module, which reads the file with readline() in binary.

#include <string>
#include <string_view>
#include <vector>

#include "corpus/csv_records.h"  // RecordSpan

namespace mpingest {

// Messages of an mbox: each starts at a line beginning "From " (the first line
// of the file must be one); the span covers the message after its From_ line,
// up to the next From_ line, without the one blank line ("\n" or "\r\n") that
// separates messages (or ends the file). RecordSpan.line is the From_ line's
// line number.
// A non-empty file with no From_ line at its start yields one RecordSpan
// covering the whole file with error "not an mbox: no 'From ' line at the
// start". An empty file is an empty mailbox: no spans.
// Python's mailbox.mbox differs in two ways (scripts/reference_totals.py
// corrects for both): it drops a separating blank line only if it is exactly
// "\n" (not "\r\n"), and it ignores text before the first From_ line.
std::vector<RecordSpan> index_mbox(std::string_view file, const ScannedUpTo& scanned = {});
// The same, handing each message to `on_message` as it is found.
void index_mbox(std::string_view file, const OnRecord& on_message, const ScannedUpTo& scanned = {});

// mboxrd unquoting: every line matching ^>+From  loses one '>'. (This also
// undoes mboxo quoting of "From " lines.) Writes into `out` (cleared);
// returns false without touching `out` when the message has no such line, so
// callers can use the original bytes without a copy.
bool unquote_mboxrd(std::string_view message, std::string& out);

}  // namespace mpingest
