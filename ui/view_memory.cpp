#include "view_memory.hpp"

#include "compute_job.hpp"
#include "memory_policy.hpp"

#include <QCoreApplication>
#include <QLocale>

namespace tessera::ui {

std::int64_t viewMemoryBudget() {
    return defaultMemoryLimit() / 4;
}

QString sequenceOverBudget(const JobOutcome& outcome, std::int64_t budget) {
    const std::int64_t tokens = int(outcome.spec.classToken) + outcome.spec.regTokens +
                                outcome.result.grid.count(),
                       dim = outcome.dim;
    const std::int64_t bytes = 3 * tokens * dim * std::int64_t(sizeof(float));
    if (bytes <= budget)
        return {};
    return QCoreApplication::translate(
               "tessera::ui::ViewMemory",
               "Too large to draw here: the token sequence, %1 tokens × %2 numbers, would take "
               "%3 while it is built, over the %4 a view may use (an eighth of this machine's "
               "memory). A larger patch or a smaller image gives fewer tokens.")
        .arg(QLocale().toString(qlonglong(tokens)), QLocale().toString(qlonglong(dim)),
             QString::fromStdString(bytesText(bytes)), QString::fromStdString(bytesText(budget)));
}

} // namespace tessera::ui
