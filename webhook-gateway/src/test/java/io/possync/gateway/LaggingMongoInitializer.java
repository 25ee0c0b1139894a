package io.possync.gateway;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import de.bwaldvogel.mongo.bson.Document;
import io.netty.channel.Channel;
import io.possync.common.test.MongoJavaServerInitializer;

/**
 * The shared in-memory Mongo wire server, whose commands of one kind on one collection can be made to
 * answer late, as a loaded Mongo does: the driver's timeouts then act as they would in production, over
 * the wire.
 */
public class LaggingMongoInitializer extends MongoJavaServerInitializer {

    @Override
    protected MongoBackend backend() {
        return new LaggingBackend();
    }

    /** In memory; the chosen command on the chosen collection answers after the set lag (none by default). */
    public static final class LaggingBackend extends MemoryBackend {

        private volatile String laggingCommand;
        private volatile String laggingCollection;
        private volatile Duration lag = Duration.ZERO;
        private final AtomicInteger answering = new AtomicInteger();

        /** Every {@code command} ({@code find}, {@code insert}, ...) on {@code collection} from now on answers {@code lag} late. */
        public void lag(String command, String collection, Duration lag) {
            this.lag = lag;
            this.laggingCommand = command;
            this.laggingCollection = collection;
        }

        /** Answers at once again; commands already lagging still answer late ({@link #answering}). */
        public void noLag() {
            this.laggingCollection = null;
        }

        /** How many lagging commands have not answered yet. */
        public int answering() {
            return answering.get();
        }

        @Override
        public Document handleCommand(Channel channel, String databaseName, String command, Document query) {
            if (command.equalsIgnoreCase(laggingCommand) && query.get(command).equals(laggingCollection)) {
                answering.incrementAndGet();
                try {
                    // mongo-java-server answers on its Netty thread; holding it back is what a busy server does
                    Thread.sleep(lag.toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    answering.decrementAndGet();
                }
            }
            return super.handleCommand(channel, databaseName, command, query);
        }
    }
}
