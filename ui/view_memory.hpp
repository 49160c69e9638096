// What a teaching view may hold of its own. The Sequence and Positions views build the whole
// token sequence (core's tokenSequence: a position table, the tokens and the positions, T × D
// floats each); at 786,433 tokens of D 768 (a 4096×3072 photo cut into 4×4 patches) that is 7 GB,
// and the app's run limit (--max-memory) covers the embedding, not the views. Past the budget a
// view says so, with the figures, instead of taking the machine's memory.
#pragma once

#include <QString>

#include <cstdint>

namespace tessera::ui {

struct JobOutcome;

// An eighth of the machine's memory (a quarter of the default run limit, half the RAM).
std::int64_t viewMemoryBudget();

// Why the result's token sequence (its class and register tokens and patches × D floats, three
// copies while it is built) cannot be built within `budget` bytes: "Too large to draw here: the
// token sequence, 786,433 tokens × 768 numbers, would take 6.75 GB while it is built, over the
// 2.94 GB a view may use …". Empty when it fits.
QString sequenceOverBudget(const JobOutcome& outcome, std::int64_t budget);

} // namespace tessera::ui
