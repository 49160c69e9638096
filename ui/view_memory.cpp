#include "view_memory.hpp"

#include "memory_policy.hpp"

#include <QCoreApplication>
#include <QLocale>

namespace tessera::ui {

std::int64_t viewMemoryBudget() {
    return defaultMemoryLimit() / 4;
}

std::int64_t sequenceBytes(std::int64_t tokens, std::int64_t dim) {
    return 3 * tokens * dim * std::int64_t(sizeof(float));
}

QString overBudgetText(std::int64_t tokens, std::int64_t dim, std::int64_t budget) {
    return QCoreApplication::translate(
               "tessera::ui::ViewMemory",
               "Too large to draw here: the token sequence, %1 tokens × %2 numbers, would take "
               "%3 while it is built, over the %4 a view may use (an eighth of this machine's "
               "memory). A larger patch or a smaller image gives fewer tokens.")
        .arg(QLocale().toString(qlonglong(tokens)), QLocale().toString(qlonglong(dim)),
             QString::fromStdString(bytesText(sequenceBytes(tokens, dim))),
             QString::fromStdString(bytesText(budget)));
}

} // namespace tessera::ui
