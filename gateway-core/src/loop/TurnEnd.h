#pragma once

class QObject;

namespace bytespike {

// Work for the end of the current event-loop turn: it runs once the thread's loop has handled
// everything that was ready, when the dispatcher is about to wait (aboutToBlock) or, in a loop
// too busy to wait, starts its next turn (awake); in the order it was asked for, and skipped if
// receiver was deleted meanwhile.
//
// Why not a posted event (deleteLater(), a queued call): posting costs the thread a wake-up, an
// eventfd write and read, even when its loop is busy anyway. Once per request that was a tenth of
// the gateway thread's system calls. Past a few hundred pending items (a loop that is never
// asked to process events at all), one queued call runs them all. Without an event dispatcher on
// the thread the work is posted to receiver instead.
void atTurnEnd(QObject *receiver, void (*work)(QObject *receiver));

// deleteLater() at the end of the turn: the object outlives the current call stack.
void deleteSoon(QObject *object);

} // namespace bytespike
