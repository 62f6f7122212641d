// A MongoDB-wire-compatible server for tests on machines without Docker: mongo-java-server, bound to
// loopback only.
//   java -cp '<jars>/*' MongoWireServer.java <port>                    memory backend (the default)
//   java -cp '<jars>/*' MongoWireServer.java <port> --persist <file>   H2 MVStore file backend
// The memory backend forgets everything when the process dies; a test that kills and restarts the
// database server (tests/faults) needs the data to survive, as a real mongod's would. With --persist
// every command is committed to the file before its answer is sent, so an acknowledged write
// survives a SIGKILL of this process (it is in the OS page cache; no fsync: a power cut is not the
// fault under test). Prints "READY <port>" once it accepts connections; stops on SIGTERM.
//
// The memory backend answers a query from its `_id` index only when `_id` is the query's only field;
// `{_id: x, version: 3}` (a compare-and-set) scanned the whole collection, so every version-checked
// write got slower as data accumulated (a 60,000-session backlog slowed to a crawl). MongoDB itself
// serves such a query from the `_id` index and then checks the other fields on the one document:
// IdFirstMemoryBackend does the same.
//
// Both backends keep a collection's index list in a plain ArrayList that createIndexes appends to
// without the collection's lock, while every insert, update and query walks that list under it: a
// write racing an index build (a service starting up creates its indexes while the first writes
// arrive) failed with a ConcurrentModificationException, answered as "Unknown error: null".
// MongoDB builds indexes concurrently with writes; here commands that change a collection's shape
// (ShapeLock.SHAPE_COMMANDS) run alone and all others share, which gives the same answers.
//
// The handshake (isMaster; mongo-java-server has no 'hello' command, and the driver falls back to
// isMaster) reports MongoDB 4.4, wire version 9: REPORTED_VERSION. The Node driver that mongoose 9
// ships (mongodb 7) refuses any server below wire version 9 (MIN_SUPPORTED_WIRE_VERSION in
// node_modules/mongodb/lib/cmap/wire_protocol/constants.js). mongo-java-server's own answer is
// version "5.0.0" with wire version 8 (4.2), which the driver refuses, and 5.0 is more than it can do.
// 4.4 is the lowest claim the driver accepts, and it claims no more than is used: what the driver
// decides by a wire version of 9 is whether a change-stream error is resumable (we open no change
// stream), and what a 4.4 server offers beyond 4.2 (streaming hello with topologyVersion, hedged
// reads, hint on delete, find with allowDiskUse) is not used here; the answer carries no
// topologyVersion, so the driver polls isMaster as it does for any server that does not stream.
// Secondary writes (wire 13) and snapshot reads (wire 13) stay refused by the driver, as they should.
import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.MongoVersion;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.QueryResult;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import de.bwaldvogel.mongo.backend.memory.MemoryCollection;
import de.bwaldvogel.mongo.backend.memory.MemoryDatabase;
import de.bwaldvogel.mongo.bson.Document;
import io.netty.channel.Channel;
import java.util.List;
import java.util.Set;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;

public class MongoWireServer {
    /** What the handshake and buildInfo report: MongoDB 4.4.0, wire version 9 (see the header). */
    static final MongoVersion REPORTED_VERSION = new MongoVersion() {
        @Override
        public List<Integer> getVersionArray() {
            return List.of(4, 4, 0);
        }

        @Override
        public int getWireVersion() {
            return 9;
        }
    };

    /** Commands that add or remove indexes or collections run alone; every other command shares. */
    static final class ShapeLock {
        static final Set<String> SHAPE_COMMANDS = Set.of("createindexes", "dropindexes", "deleteindexes", "drop", "dropdatabase", "create", "renamecollection");
        private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();

        Document run(String command, Supplier<Document> handler) {
            Lock held = SHAPE_COMMANDS.contains(command.toLowerCase()) ? lock.writeLock() : lock.readLock();
            held.lock();
            try {
                return handler.get();
            } finally {
                held.unlock();
            }
        }
    }

    /** H2 backend that commits after every command, before the answer goes back to the client. */
    static class CommittingH2Backend extends H2Backend {
        private final ShapeLock shape = new ShapeLock();

        CommittingH2Backend(String file) {
            super(file);
        }

        @Override
        public Document handleCommand(Channel channel, String database, String command, Document query) {
            return shape.run(command, () -> {
                try {
                    return super.handleCommand(channel, database, command, query);
                } finally {
                    commit();
                }
            });
        }
    }

    /** A memory collection that narrows a query naming `_id` and other fields to the `_id` index first. */
    static class IdFirstCollection extends MemoryCollection {
        IdFirstCollection(MongoDatabase database, String name, CollectionOptions options, CursorRegistry cursors) {
            super(database, name, options, cursors);
        }

        @Override
        protected QueryResult queryDocuments(Document query, Document orderBy, int skip, int limit, int batchSize, Document projection) {
            if (query.size() > 1 && query.containsKey("_id")) {
                Document byId = new Document("_id", query.get("_id"));
                for (Index<Integer> index : getIndexes()) {
                    // The index answers plain values and $in; other operators ($gt, ...) keep the scan.
                    if (index.getName().equals("_id_") && index.canHandle(byId)) {
                        // The candidates are then matched against the whole query, as a scan would.
                        return matchDocuments(query, index.getPositions(byId), orderBy, skip, limit, batchSize, projection);
                    }
                }
            }
            return super.queryDocuments(query, orderBy, skip, limit, batchSize, projection);
        }
    }

    static class IdFirstDatabase extends MemoryDatabase {
        IdFirstDatabase(String name, CursorRegistry cursors) {
            super(name, cursors);
        }

        @Override
        protected MemoryCollection openOrCreateCollection(String name, CollectionOptions options) {
            return new IdFirstCollection(this, name, options, cursorRegistry);
        }
    }

    static class IdFirstMemoryBackend extends MemoryBackend {
        private final ShapeLock shape = new ShapeLock();

        @Override
        public Document handleCommand(Channel channel, String database, String command, Document query) {
            return shape.run(command, () -> super.handleCommand(channel, database, command, query));
        }

        @Override
        public MemoryDatabase openOrCreateDatabase(String name) {
            return new IdFirstDatabase(name, getCursorRegistry());
        }
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args.length > 0 ? args[0] : "27017");
        String persist = args.length > 2 && args[1].equals("--persist") ? args[2] : null;
        MongoBackend backend = persist == null ? new IdFirstMemoryBackend() : new CommittingH2Backend(persist);
        backend.version(REPORTED_VERSION);
        MongoServer server = new MongoServer(backend);
        server.bind("127.0.0.1", port);
        Runtime.getRuntime().addShutdownHook(new Thread(server::shutdownNow));
        System.out.println("READY " + port + (persist == null ? "" : " persist " + persist));
        System.out.flush();
        Thread.currentThread().join();
    }
}
