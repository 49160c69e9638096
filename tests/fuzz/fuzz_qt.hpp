// For fuzz targets that run Qt code (QuaZip, QImageReader): Qt's warnings about bad input
// ("QuaZipFile::open(): ...", "libpng error: ...") are the expected noise of a fuzz run, and
// writing them would cost more than the decode. Called from LLVMFuzzerInitialize.
#pragma once

#include <QtGlobal>

namespace tessera::fuzz {

inline void quietQtMessages() {
    qInstallMessageHandler([](QtMsgType, const QMessageLogContext&, const QString&) {});
}

} // namespace tessera::fuzz
