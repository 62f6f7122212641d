// A MongoDB-wire-compatible server for tests on machines without Docker: mongo-java-server, bound to
// loopback only.
//   java -cp '<jars>/*' MongoWireServer.java <port>                    memory backend (the default)
//   java -cp '<jars>/*' MongoWireServer.java <port> --persist <file>   H2 MVStore file backend
// The memory backend forgets everything when the process dies; a test that kills and restarts the
// database server (tests/faults) needs the data to survive, as a real mongod's would. With --persist
// every command is committed to the file before its answer is sent, so an acknowledged write
// survives a SIGKILL of this process (it is in the OS page cache; no fsync: a power cut is not the
// fault under test). Prints "READY <port>" once it accepts connections; stops on SIGTERM.
import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import de.bwaldvogel.mongo.bson.Document;
import io.netty.channel.Channel;

public class MongoWireServer {
    /** H2 backend that commits after every command, before the answer goes back to the client. */
    static class CommittingH2Backend extends H2Backend {
        CommittingH2Backend(String file) {
            super(file);
        }

        @Override
        public Document handleCommand(Channel channel, String database, String command, Document query) {
            try {
                return super.handleCommand(channel, database, command, query);
            } finally {
                commit();
            }
        }
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args.length > 0 ? args[0] : "27017");
        String persist = args.length > 2 && args[1].equals("--persist") ? args[2] : null;
        MongoBackend backend = persist == null ? new MemoryBackend() : new CommittingH2Backend(persist);
        MongoServer server = new MongoServer(backend);
        server.bind("127.0.0.1", port);
        Runtime.getRuntime().addShutdownHook(new Thread(server::shutdownNow));
        System.out.println("READY " + port + (persist == null ? "" : " persist " + persist));
        System.out.flush();
        Thread.currentThread().join();
    }
}
