package dev.flags.store;

import dev.flags.MutableClock;

class InMemoryFlagStoreTests extends FlagStoreContract {

    @Override
    protected FlagStore createStore(MutableClock clock) {
        return FlagStores.inMemory(clock);
    }
}
