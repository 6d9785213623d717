package dev.licex.desktop.handshake;

import dev.licex.protocol.event.ProtocolEvent;
import dev.licex.protocol.event.Side;

/** Each step of the handshake in plain language: what happened, what each side holds, and why. */
public final class Explanations {

    private Explanations() {
    }

    public static String explain(ProtocolEvent event) {
        return switch (event) {
            case ProtocolEvent.Stored stored -> stored(stored);
            case ProtocolEvent.MessageSent sent when sent.side() == Side.CLIENT -> clientSends(sent);
            case ProtocolEvent.MessageSent sent -> serverAnswers(sent);
            case ProtocolEvent.MessageReceived received when received.side() == Side.SERVER ->
                    "The server received " + received.leg().label() + ". It will answer only after writing what "
                            + "this leg changes to its database, so nothing it says is ever forgotten.";
            case ProtocolEvent.MessageReceived received -> "The device received " + received.leg().label() + " ("
                    + received.summary() + "). It checks the answer before it records anything.";
            case ProtocolEvent.MessageLost lost -> "No usable answer to " + lost.leg().label() + " arrived ("
                    + lost.reason() + "). The device cannot know whether the server processed it. It does not need "
                    + "to: it will send the same leg again with the same transaction id, and the server answers a "
                    + "repeat from what it stored.";
            case ProtocolEvent.RetryScheduled retry -> "The device will resend " + retry.leg().label() + " after "
                    + retry.delayMillis() + " ms (backoff with jitter, so many devices do not all retry at once). "
                    + "Same transaction id, same request: a repeat never issues twice.";
            case ProtocolEvent.FaultApplied fault -> fault(fault);
            case ProtocolEvent.Repeat repeat -> "The server recognised a repeat of " + repeat.leg().label()
                    + ": " + repeat.detail() + ". This idempotence is what makes every retry safe.";
            case ProtocolEvent.Paused paused -> "Step mode: the device is ready to send " + paused.leg().label()
                    + " and waits for Next. Everything it needs for this leg is already in its store.";
            case ProtocolEvent.Finished finished -> "The transaction ended on the device: " + finished.outcome()
                    + " (" + finished.detail() + ").";
            case ProtocolEvent.ServerRestarted restarted -> "The server crashed and came back (" + restarted.reason()
                    + "): every connection and everything in its memory is gone; its database is intact. Whatever "
                    + "it acknowledged before is still there, and the device's resend finds it.";
        };
    }

    private static String clientSends(ProtocolEvent.MessageSent sent) {
        String retry = sent.attempt() > 1 ? " This is attempt " + sent.attempt() + ": the same transaction id again. "
                : " ";
        return switch (sent.leg()) {
            case OPEN -> "The device sends leg 1, OPEN, registering its transaction id T with the server." + retry
                    + "It may: T is already in its store, so a crash from now on cannot make it forget T.";
            case REQUEST -> "The device sends leg 3, REQUEST, asking for rights under T." + retry
                    + "It does so only after the server confirmed it holds T, and with the request stored against T.";
            case COMPLETE -> "The device sends leg 5, COMPLETE: it has verified and stored the rights and says so."
                    + retry + "The server keeps T until this arrives.";
            case CANCEL -> "The device sends the cancellation. It has already recorded that the rights of T will "
                    + "never be used, so the server may restore the stock." + retry;
            default -> "The device sends " + sent.leg().label() + "." + retry;
        };
    }

    private static String serverAnswers(ProtocolEvent.MessageSent sent) {
        return switch (sent.leg()) {
            case OPENED -> "The server answers leg 2, OPENED: T is stored, bound to this account and device.";
            case RIGHTS -> "The server answers leg 4 with the signed rights (or a refusal). Issuing, taking one unit "
                    + "of stock and storing the rights against T happened in one database transaction, so they "
                    + "happen together or not at all.";
            case COMPLETED -> "The server answers leg 6, COMPLETED: T is marked complete. It may now forget T after "
                    + "its retention period, keeping enough to answer a late repeat.";
            case CANCELLED -> "The server answers CANCELLED: if rights had been issued, they are revoked and the "
                    + "stock restored, in one database transaction.";
            default -> "The server answers " + sent.leg().label() + ".";
        };
    }

    private static String stored(ProtocolEvent.Stored stored) {
        String who = stored.side() == Side.CLIENT ? "The device" : "The server";
        String state = String.valueOf(stored.holding().state());
        String why = switch (state) {
            case "CREATED" -> " Storing T before sending anything is the first rule: whatever happens next, the "
                    + "device can always ask the server about T again.";
            case "OPENED" -> " The device records that the server holds T before it asks for rights, so a crash now "
                    + "resumes at leg 3, not leg 1.";
            case "RIGHTS_STORED" -> " The rights are safe on the device. If leg 5 is lost, the device still has them "
                    + "and sends leg 5 again.";
            case "ISSUED" -> " Rights, stock and answer were written in one transaction: a repeat of leg 3 gets these "
                    + "same bytes back, never a second issuance.";
            case "COMPLETED" -> stored.side() == Side.CLIENT
                    ? " The transaction is archived: both sides agree the rights were delivered exactly once."
                    : " The server will not hold the rights against T any longer than its retention period.";
            case "OPEN" -> " The server holds T from now until completion.";
            default -> "";
        };
        return who + " wrote to its store: " + stored.change() + "." + why;
    }

    private static String fault(ProtocolEvent.FaultApplied fault) {
        String repair = switch (fault.action()) {
            case "DROP_REQUEST" -> "The server never saw the request; the device gets no answer and sends it again.";
            case "DROP_RESPONSE" -> "The server processed and committed, but the answer is lost. The device resends "
                    + "the same leg; the server recognises the repeat and answers from its store.";
            case "DELAY" -> "The answer comes late; if the device gave up waiting it resends, which is harmless.";
            case "DUPLICATE" -> "The request arrived twice; the second is a repeat and changes nothing.";
            case "ERROR" -> "The server answered with an error without processing; the device retries later.";
            case "CORRUPT_RESPONSE" -> "The server committed, but the answer arrives garbled. The device cannot use "
                    + "it (a changed rights object fails its signature) and resends; the repeat is answered from the "
                    + "store.";
            case "CRASH_AFTER_COMMIT" -> "The server committed and then crashed before answering. Its database kept "
                    + "everything; after the restart the device's resend is answered as a repeat.";
            default -> "";
        };
        return "Injected fault " + fault.action() + " on " + fault.leg().label() + ": " + fault.detail() + ". " + repair;
    }

}
