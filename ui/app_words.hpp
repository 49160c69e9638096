// A core message in the app's words: the controls' names, not the CLI's flags (inAppWords in
// spec_flags.hpp), with the labels translated for the user's language.
#pragma once

#include <QString>

#include <string>

namespace tessera::ui {

QString appWords(const std::string& message);

} // namespace tessera::ui
