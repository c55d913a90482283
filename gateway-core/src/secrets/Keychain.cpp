#include "Keychain.h"

#include <qt6keychain/keychain.h>

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

} // namespace

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
    job->start();
}

} // namespace bytespike
