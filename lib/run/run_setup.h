#pragma once
// What run_job and serve_rank (an MPI rank other than 0) both derive from a
// RunConfig, so that every rank of a job sets itself up alike.

#include "corpus/item_list.h"
#include "run/run_job.h"

namespace mpingest {

// Lists --input for a run of `workers` workers (a maildir with up to that
// many threads). Throws UsageError for an unusable input or --column on a
// file that is not a CSV.
ItemList list_input(const RunConfig& config, int workers, unsigned* threads_used = nullptr);

// The encoding the run decodes with: --encoding, or the format's usual one.
TextEncoding encoding_for(const RunConfig& config, CorpusFormat format);

// The workers' options: the encoding chosen, records wanted when --emit was given.
ProcessingOptions processing_for(const RunConfig& config, CorpusFormat format);

}  // namespace mpingest
