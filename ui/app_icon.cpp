#include "app_icon.hpp"

#include <QDir>

namespace tessera::ui {

QIcon applicationIcon() {
    QIcon icon;
    // One folder per size, as in the icon theme: ":/icons/hicolor/48x48/apps/tessera.png".
    const QDir sizes(":/icons/hicolor");
    for (const QString& size : sizes.entryList(QDir::Dirs | QDir::NoDotAndDotDot))
        icon.addFile(sizes.filePath(size + "/apps/tessera.png"));
    return icon;
}

} // namespace tessera::ui
