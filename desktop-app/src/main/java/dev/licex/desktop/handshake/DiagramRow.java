package dev.licex.desktop.handshake;

import dev.licex.protocol.event.Side;

/**
 * One line of the sequence diagram.
 *
 * @param kind      what to draw
 * @param from      where an arrow starts or which lifeline a note sits on
 * @param label     the text on the arrow or in the note
 * @param fate      for an arrow: how the message ended
 * @param eventIndex the trace event this row came from
 */
public record DiagramRow(Kind kind, Side from, String label, Fate fate, int eventIndex) {

    public enum Kind {
        /** A message between the lifelines. */
        ARROW,
        /** Something one side did or stored. */
        NOTE,
        /** A fault the simulator injected. */
        FAULT,
        /** The server crashed and came back from its database. */
        RESTART
    }

    public enum Fate {
        /** Not resolved yet at this point of the replay. */
        IN_FLIGHT,
        ARRIVED,
        /** Lost on the way: drawn ending in a cross. */
        LOST,
        /** Arrived, but could not be used (garbled or refused). */
        SPOILED,
        NONE
    }
}
