package io.onex.host.api;

import java.util.AbstractMap;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * The unmodifiable map an {@link Envelope} keeps: a private copy in insertion order, behind an
 * unmodifiable view. Because no one else can reach the copy, a map of this class never changes,
 * so an envelope built from another envelope's map keeps it as it is instead of copying it again
 * (a request's payload, given on to its correlated copy and to an echoed response, is copied once).
 * Every method is the view's.
 */
final class FrozenMap<V> extends AbstractMap<String, V> {

    private final Map<String, V> view;

    private FrozenMap(LinkedHashMap<String, V> owned) {
        this(Collections.unmodifiableMap(owned));
    }

    /** Keeps {@code view}, an unmodifiable map no one else can change. */
    private FrozenMap(Map<String, V> view) {
        this.view = view;
    }

    /** Returns {@code map} itself when it is frozen already, else a frozen shallow copy of it. */
    static <V> Map<String, V> of(Map<String, V> map) {
        return map instanceof FrozenMap<V> frozen ? frozen : new FrozenMap<>(new LinkedHashMap<>(map));
    }

    /** Returns a frozen map of one entry, without building a hash table for it. */
    static <V> Map<String, V> of(String key, V value) {
        return new FrozenMap<>(Collections.singletonMap(key, value));
    }

    /** Freezes {@code map} without copying it; the caller must hold the only reference to it. */
    static <V> Map<String, V> owning(LinkedHashMap<String, V> map) {
        return new FrozenMap<>(map);
    }

    @Override
    public int size() {
        return view.size();
    }

    @Override
    public boolean isEmpty() {
        return view.isEmpty();
    }

    @Override
    public boolean containsKey(Object key) {
        return view.containsKey(key);
    }

    @Override
    public boolean containsValue(Object value) {
        return view.containsValue(value);
    }

    @Override
    public V get(Object key) {
        return view.get(key);
    }

    @Override
    public V getOrDefault(Object key, V defaultValue) {
        return view.getOrDefault(key, defaultValue);
    }

    @Override
    public Set<String> keySet() {
        return view.keySet();
    }

    @Override
    public Collection<V> values() {
        return view.values();
    }

    @Override
    public Set<Entry<String, V>> entrySet() {
        return view.entrySet();
    }

    @Override
    public void forEach(BiConsumer<? super String, ? super V> action) {
        view.forEach(action);
    }

    @Override
    public V put(String key, V value) {
        return view.put(key, value);
    }

    @Override
    public V remove(Object key) {
        return view.remove(key);
    }

    @Override
    public void putAll(Map<? extends String, ? extends V> map) {
        view.putAll(map);
    }

    @Override
    public void clear() {
        view.clear();
    }

    @Override
    public void replaceAll(BiFunction<? super String, ? super V, ? extends V> function) {
        view.replaceAll(function);
    }

    @Override
    public V putIfAbsent(String key, V value) {
        return view.putIfAbsent(key, value);
    }

    @Override
    public boolean remove(Object key, Object value) {
        return view.remove(key, value);
    }

    @Override
    public boolean replace(String key, V oldValue, V newValue) {
        return view.replace(key, oldValue, newValue);
    }

    @Override
    public V replace(String key, V value) {
        return view.replace(key, value);
    }

    @Override
    public V computeIfAbsent(String key, Function<? super String, ? extends V> function) {
        return view.computeIfAbsent(key, function);
    }

    @Override
    public V computeIfPresent(String key, BiFunction<? super String, ? super V, ? extends V> function) {
        return view.computeIfPresent(key, function);
    }

    @Override
    public V compute(String key, BiFunction<? super String, ? super V, ? extends V> function) {
        return view.compute(key, function);
    }

    @Override
    public V merge(String key, V value, BiFunction<? super V, ? super V, ? extends V> function) {
        return view.merge(key, value, function);
    }

    @Override
    public boolean equals(Object other) {
        return other == this || view.equals(other);
    }

    @Override
    public int hashCode() {
        return view.hashCode();
    }

    @Override
    public String toString() {
        return view.toString();
    }
}
