// The walkthrough's seven steps: each one's title, the view it brings forward, the image overlays
// it wants, and the paragraphs it says with the current run's numbers in them.
//
// Every sentence is a whole translatable string (context "tessera::ui::Walkthrough") with %1, %2…
// filled by .arg(), kept in one table in walkthrough_steps.cpp; the paragraphs are rich text
// with the key numbers bold. The numbers come from the core (arithmetic(), the PreprocessPlan,
// the TokenSequence built after the projection), never recomputed here.
// To add a step: add a row to the steps table and bump Walkthrough::kSteps.
#pragma once

#include "arithmetic.hpp"
#include "compute_job.hpp"
#include "token_sequence.hpp"

#include <QPoint>
#include <QString>
#include <QStringList>

#include <optional>
#include <span>

namespace tessera::ui {

// What tokenSequence() made of a result (built on a worker: it is (T, D) floats), without the
// numbers themselves.
struct SequenceFacts {
    std::uint64_t generation = 0; // of the result it was built from
    std::int64_t length = 0;      // T
    int classTokens = 0;
    int regTokens = 0;
    bool classFromFile = false;
    bool regFromFile = false;
    bool classHasPosition = false;
    PositionSource source = PositionSource::None;
    std::optional<Size2> fileGrid;
    QString error; // the InputError's message when the checkpoint's tokens do not fit
};

// Everything a step's text may say, gathered from the Session by the Walkthrough.
struct WalkthroughFacts {
    const JobOutcome* outcome = nullptr; // a finished result, or null before one
    Spec spec;                           // the outcome's, with the used weights' P, D, C and bias
    Arithmetic arithmetic;               // arithmetic(spec, plan.output)
    int selected = -1;                   // Session::selected()
    QPoint hovered{-1, -1};              // a pixel of the resized image, or (-1, -1)
    const SequenceFacts* sequence = nullptr; // null while it is being built
};

struct WalkthroughStep {
    const char* title; // QT_TRANSLATE_NOOP("tessera::ui::Walkthrough", …)
    const char* view;  // "image", "inspector" or "sequence": the view the step talks about
    bool grid;         // the image view's patch grid
    bool cropAndPadding;
    // The paragraphs, rich text, translated, one QString each (facts.outcome is non-null).
    QStringList (*paragraphs)(const WalkthroughFacts& facts);
};

std::span<const WalkthroughStep> walkthroughSteps();

// Translated in the walkthrough's context.
QString walkthroughText(const char* text);
// What the panel says before there is a result.
QString walkthroughHint();

// The Spec as the run had it: a weights file fixes P, D, C and the bias (the outcome's Spec may
// leave them to the file).
Spec specAsRun(const JobOutcome& outcome);

// The SequenceFacts of an outcome's result: builds the whole sequence (call it on a worker).
SequenceFacts sequenceFacts(const JobOutcome& outcome);

} // namespace tessera::ui
