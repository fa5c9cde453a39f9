package io.onex.contract;

/** The contract rule that names secrets: a key named like one must hold a secret reference. */
public final class SecretKeys {

    private SecretKeys() {
    }

    /**
     * Returns whether {@code key} is named like a secret: its last {@code _}, {@code .} or
     * {@code -} separated word is {@code password}, {@code token}, {@code secret}, {@code key} or
     * another of the contract rules' secret words.
     */
    public static boolean isSecretLike(String key) {
        return SecretRule.isSecretKey(key);
    }
}
