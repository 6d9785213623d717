package dev.licex.cli.bench;

/** One simulated device of the bench. */
interface BenchDevice extends AutoCloseable {

    /** One acquisition of the offer through all six legs, retrying as a device would. */
    Finished acquire(String offerId) throws InterruptedException;

    @Override
    void close();

    /** How one acquisition ended. */
    enum Ending {
        COMPLETED,
        /** A business refusal (422): the offer ran out of stock or is unknown. */
        REFUSED,
        FAILED
    }

    /** @param detail why it did not complete, or null when it did */
    record Finished(Ending ending, String detail) {

        static final Finished COMPLETED = new Finished(Ending.COMPLETED, null);
    }
}
