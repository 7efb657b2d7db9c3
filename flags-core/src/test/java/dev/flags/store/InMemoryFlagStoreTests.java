package dev.flags.store;

class InMemoryFlagStoreTests extends FlagStoreContract {

    @Override
    FlagStore createStore(MutableClock clock) {
        return FlagStores.inMemory(clock);
    }
}
