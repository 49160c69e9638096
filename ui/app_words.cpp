#include "app_words.hpp"

#include "spec_flags.hpp"

#include <QCoreApplication>

namespace tessera::ui {

QString appWords(const std::string& message) {
    return QString::fromStdString(inAppWords(message, [](const char* context, const char* text) {
        return QCoreApplication::translate(context, text).toStdString();
    }));
}

} // namespace tessera::ui
