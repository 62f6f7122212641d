// Checks Strimzi resources against Strimzi's published API types (io.strimzi:api, the model its CRDs
// are generated from): each document is read into its class by Jackson as the operator reads it; an
// unknown field (kept by the model as an "additional property"), a wrong type, an unknown enum value
// (listener type, authentication type) or an unserved apiVersion is reported. Input on stdin: one JSON
// object per line, {"id": …, "resource": {…}}; output: one "<id>: <problem>" line per problem.
// Run by deploy-validate (k8s-operators.go) as `java -cp <jars>/* StrimziCheck.java`.
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.strimzi.api.kafka.model.common.UnknownPropertyPreserving;
import io.strimzi.api.kafka.model.kafka.Kafka;
import io.strimzi.api.kafka.model.nodepool.KafkaNodePool;
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import io.strimzi.api.kafka.model.user.KafkaUser;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

public class StrimziCheck {
  record Kind(Class<?> type, List<String> versions) {}

  static final Map<String, Kind> KINDS = Map.of(
      "Kafka", new Kind(Kafka.class, Kafka.VERSIONS),
      "KafkaNodePool", new Kind(KafkaNodePool.class, KafkaNodePool.VERSIONS),
      "KafkaTopic", new Kind(KafkaTopic.class, KafkaTopic.VERSIONS),
      "KafkaUser", new Kind(KafkaUser.class, KafkaUser.VERSIONS));

  public static void main(String[] args) throws Exception {
    ObjectMapper mapper = new ObjectMapper()
        .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true)
        .configure(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES, true)
        .configure(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS, true)
        .configure(DeserializationFeature.READ_UNKNOWN_ENUM_VALUES_AS_NULL, false);
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    String line;
    while ((line = in.readLine()) != null) {
      if (line.isBlank()) continue;
      JsonNode input = mapper.readTree(line);
      String id = input.get("id").asText();
      JsonNode resource = input.get("resource");
      String kindName = resource.path("kind").asText();
      String apiVersion = resource.path("apiVersion").asText();
      Kind kind = KINDS.get(kindName);
      if (kind == null) {
        System.out.println(id + ": kind " + kindName + " is not one this check knows (" + String.join(", ", KINDS.keySet()) + ")");
        continue;
      }
      String version = apiVersion.substring(apiVersion.indexOf('/') + 1);
      if (!apiVersion.startsWith(Kafka.RESOURCE_GROUP + "/") || !kind.versions().contains(version)) {
        System.out.println(id + ": apiVersion " + apiVersion + " is not served for " + kindName + " (" + Kafka.RESOURCE_GROUP + "/" + String.join(", ", kind.versions()) + ")");
        continue;
      }
      Object model;
      try {
        model = mapper.treeToValue(resource, kind.type());
      } catch (Exception e) {
        System.out.println(id + ": " + e.getMessage().replace('\n', ' '));
        continue;
      }
      List<String> unknown = new ArrayList<>();
      // An enum value the model does not know is read as null (Strimzi's enums map unknown names to null).
      List<String> dropped = new ArrayList<>();
      walk(model, resource, "", unknown, dropped, new IdentityHashMap<>());
      for (String path : unknown) System.out.println(id + ": unknown field \"" + path + "\"");
      for (String problem : dropped) System.out.println(id + ": " + problem);
    }
  }

  /** Every additional (unknown) property and every unknown enum value anywhere in the model, by its path. */
  static void walk(Object node, JsonNode input, String path, List<String> unknown, List<String> dropped, IdentityHashMap<Object, Boolean> seen)
      throws IllegalAccessException {
    if (node == null || seen.containsKey(node)) return;
    if (input == null) input = com.fasterxml.jackson.databind.node.MissingNode.getInstance();
    if (node instanceof Collection<?> c) {
      int i = 0;
      for (Object item : c) {
        walk(item, input.get(i), path + "[" + i + "]", unknown, dropped, seen);
        i++;
      }
      return;
    }
    if (node instanceof Map<?, ?> m) {
      for (Map.Entry<?, ?> e : m.entrySet()) walk(e.getValue(), input.get(String.valueOf(e.getKey())), path + "." + e.getKey(), unknown, dropped, seen);
      return;
    }
    if (!node.getClass().getName().startsWith("io.strimzi.")) return;
    seen.put(node, true);
    if (node instanceof UnknownPropertyPreserving p && p.getAdditionalProperties() != null) {
      for (String key : p.getAdditionalProperties().keySet()) unknown.add((path.isEmpty() ? "" : path.substring(1) + ".") + key);
    }
    for (Class<?> c = node.getClass(); c != null && c != Object.class; c = c.getSuperclass()) {
      for (Field f : c.getDeclaredFields()) {
        if (Modifier.isStatic(f.getModifiers()) || f.getName().equals("additionalProperties")) continue;
        try {
          f.setAccessible(true);
        } catch (RuntimeException e) {
          continue;
        }
        String name = jsonName(c, f);
        JsonNode given = input.get(name);
        Object value = f.get(node);
        if (value == null && f.getType().isEnum() && given != null && !given.isNull())
          dropped.add("value of \"" + (path.isEmpty() ? "" : path.substring(1) + ".") + name + "\" (" + given + ") is not one the model knows");
        walk(value, given, path + "." + name, unknown, dropped, seen);
      }
    }
  }

  /** The JSON name of a field: its @JsonProperty, or its getter's, or the field's own name. */
  static String jsonName(Class<?> c, Field f) {
    com.fasterxml.jackson.annotation.JsonProperty p = f.getAnnotation(com.fasterxml.jackson.annotation.JsonProperty.class);
    if (p != null && !p.value().isEmpty()) return p.value();
    String suffix = Character.toUpperCase(f.getName().charAt(0)) + f.getName().substring(1);
    for (String prefix : new String[] {"get", "is"}) {
      try {
        var getter = c.getMethod(prefix + suffix);
        com.fasterxml.jackson.annotation.JsonProperty gp = getter.getAnnotation(com.fasterxml.jackson.annotation.JsonProperty.class);
        if (gp != null && !gp.value().isEmpty()) return gp.value();
      } catch (NoSuchMethodException e) {
        // no such getter
      }
    }
    return f.getName();
  }
}
