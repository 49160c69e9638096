// The token sequence of a result's first image, and the sentences that say where its pieces come
// from, shared by the Sequence and Positions views.
//
// sequenceOf runs core's tokenSequence (token_sequence.hpp) on the first image's N × D embeddings
// with the checkpoint the result was computed from (none for random weights) and the Spec's class
// and register tokens. It copies N × D values twice (tokens and positions): run it on a worker.
#pragma once

#include "token_sequence.hpp"

#include <QString>

namespace tessera::ui {

struct JobOutcome;

TokenSequence sequenceOf(const JobOutcome& outcome);

// "Class token: from the checkpoint." / "… zeros: random weights have no trained class token." /
// "No class token: …". `fileGiven`: the weights came from a file.
QString classTokenSource(const TokenSequence& sequence, bool fileGiven);
// "Positions: learned 14 × 14 table resampled to 19 × 29 as timm does." and the like; for
// None, why none (D not divisible by 4).
QString positionSource(const TokenSequence& sequence, std::int64_t dim);

} // namespace tessera::ui
