#include "Keychain.h"

#include <QAbstractEventDispatcher>

#include <qt6keychain/keychain.h>

#include <dlfcn.h>

namespace bytespike {

namespace {

QString describe(const QKeychain::Job *job)
{
    switch (job->error()) {
    case QKeychain::NoBackendAvailable:
        return QStringLiteral("no keychain service is available (is a Secret Service such as gnome-keyring running"
                              " and unlocked?): %1")
            .arg(job->errorString());
    case QKeychain::AccessDenied:
    case QKeychain::AccessDeniedByUser: return QStringLiteral("the keychain denied access: %1").arg(job->errorString());
    default: return QStringLiteral("the keychain failed: %1").arg(job->errorString());
    }
}

// QtKeychain's libsecret backend completes its jobs from callbacks on GLib's default main
// context. Qt's GLib event dispatcher runs that context; its own dispatcher (QT_NO_GLIB, which
// bytespike-gatewayd uses) does not, so while a job runs on such a thread the context is run
// here. GLib is looked up at run time: it is in the process only when the backend brought it.
using GlibIterate = int (*)(void *context, int mayBlock);

GlibIterate glibIterate()
{
    static const auto iterate = reinterpret_cast<GlibIterate>(::dlsym(RTLD_DEFAULT, "g_main_context_iteration"));
    return iterate;
}

bool threadRunsGlib()
{
    const QAbstractEventDispatcher *dispatcher = QAbstractEventDispatcher::instance();
    return dispatcher && dispatcher->inherits("QEventDispatcherGlib");
}

} // namespace

Keychain::Keychain(QObject *parent)
    : QObject(parent)
{
    m_glibPump.setInterval(5);
    connect(&m_glibPump, &QTimer::timeout, this, [] {
        if (const GlibIterate iterate = glibIterate()) {
            while (iterate(nullptr, 0)) { }
        }
    });
}

void Keychain::started(QObject *job)
{
    ++m_running;
    connect(job, &QObject::destroyed, this, [this] {
        if (--m_running == 0)
            m_glibPump.stop();
    });
    if (!m_glibPump.isActive() && !threadRunsGlib())
        m_glibPump.start();
}

Keychain::Entry Keychain::lookup(const QString &name, bool retryFailed)
{
    const auto it = m_entries.constFind(name);
    if (it != m_entries.constEnd()) {
        const bool failed = it->state == Entry::State::Missing || it->state == Entry::State::Unavailable;
        if (!(retryFailed && failed))
            return *it;
    }
    m_entries.insert(name, Entry {Entry::State::Pending, {}, QStringLiteral("waiting for the keychain")});
    read(name);
    return m_entries.value(name);
}

void Keychain::read(const QString &name)
{
    auto *job = new QKeychain::ReadPasswordJob(QLatin1String(kService), this);
    job->setAutoDelete(true);
    job->setInsecureFallback(false);
    job->setKey(name);
    connect(job, &QKeychain::Job::finished, this, [this, name](QKeychain::Job *done) {
        Entry entry;
        if (done->error() == QKeychain::NoError) {
            const QByteArray value = static_cast<QKeychain::ReadPasswordJob *>(done)->binaryData().trimmed();
            if (value.isEmpty())
                entry = Entry {Entry::State::Missing, {}, QStringLiteral("the keychain entry %1 is empty").arg(name)};
            else
                entry = Entry {Entry::State::Ok, value, {}};
        } else if (done->error() == QKeychain::EntryNotFound) {
            entry = Entry {Entry::State::Missing, {},
                QStringLiteral("no secret named %1 in the keychain (service \"%2\"); store it with"
                               " PUT /admin/secrets/%1")
                    .arg(name, QLatin1String(kService))};
        } else {
            entry = Entry {Entry::State::Unavailable, {}, describe(done)};
        }
        m_entries.insert(name, entry);
        Q_EMIT changed();
    });
    started(job);
    job->start();
}

void Keychain::store(const QString &name, const QByteArray &value, std::function<void(QString)> done)
{
    auto *job = new QKeychain::WritePasswordJob(QLatin1String(kService), this);
    job->setAutoDelete(true);
    job->setInsecureFallback(false);
    job->setKey(name);
    job->setBinaryData(value);
    connect(job, &QKeychain::Job::finished, this, [this, name, value, done](QKeychain::Job *finished) {
        if (finished->error() != QKeychain::NoError) {
            done(describe(finished));
            return;
        }
        m_entries.insert(name, Entry {Entry::State::Ok, value, {}});
        Q_EMIT changed();
        done({});
    });
    started(job);
    job->start();
}

void Keychain::remove(const QString &name, std::function<void(QString)> done)
{
    auto *job = new QKeychain::DeletePasswordJob(QLatin1String(kService), this);
    job->setAutoDelete(true);
    job->setInsecureFallback(false);
    job->setKey(name);
    connect(job, &QKeychain::Job::finished, this, [this, name, done](QKeychain::Job *finished) {
        if (finished->error() != QKeychain::NoError && finished->error() != QKeychain::EntryNotFound) {
            done(describe(finished));
            return;
        }
        m_entries.insert(
            name, Entry {Entry::State::Missing, {}, QStringLiteral("no secret named %1 in the keychain").arg(name)});
        Q_EMIT changed();
        done({});
    });
    started(job);
    job->start();
}

} // namespace bytespike
