#pragma once

#include "bytespike/AdminClient.h"

namespace bytespike {

class EmbeddedGateway;

// The pages' one way to the gateway: the AdminClient over an in-process transport into the
// embedded gateway, made on first use and kept with the gateway object, or over HTTP to the
// gateway it is attached to. Its calls never block;
// their callbacks run on the thread of the context they are given (the GUI thread for a page),
// and mutations are recorded in the audit log as made by "console".
const AdminClient &adminClient(EmbeddedGateway &gateway);

// Why an admin call failed, in the console's language, by the kind of failure; a refused input
// (400) or a conflict (409) keeps the gateway's own sentence, which names the field, the rule or
// the thing in the way.
QString errorText(const ClientError &error);

} // namespace bytespike
