package dev.flags.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flags.definition.DefinitionsException;
import org.junit.jupiter.api.Test;

class FlagSourcesTests {

    @Test
    void readsClasspathResources() {
        FlagSource source = FlagSources.classpath("/definitions/full.yml");
        assertThat(source.name()).isEqualTo("definitions/full.yml");
        assertThat(source.load().flag("new-checkout")).isNotNull();
    }

    @Test
    void namesAMissingClasspathResource() {
        assertThatThrownBy(() -> FlagSources.classpath("nowhere.yml").load())
                .isInstanceOf(DefinitionsException.class)
                .hasMessage("Invalid flag definitions (1 error):\n  nowhere.yml: classpath resource not found");
    }
}
