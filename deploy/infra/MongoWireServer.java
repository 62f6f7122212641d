// A MongoDB-wire-compatible server for tests on machines without Docker: mongo-java-server with its
// memory backend, bound to loopback only. Run: java -cp '<jars>/*' MongoWireServer.java <port>
// Prints "READY <port>" once it accepts connections; stops on SIGTERM.
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;

public class MongoWireServer {
    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args.length > 0 ? args[0] : "27017");
        MongoServer server = new MongoServer(new MemoryBackend());
        server.bind("127.0.0.1", port);
        Runtime.getRuntime().addShutdownHook(new Thread(server::shutdownNow));
        System.out.println("READY " + port);
        System.out.flush();
        Thread.currentThread().join();
    }
}
