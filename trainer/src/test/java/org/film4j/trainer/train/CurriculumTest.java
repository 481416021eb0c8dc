package org.film4j.trainer.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CurriculumTest {

  @Test
  void eachStepFallsInTheFirstStageNotYetOver() {
    Curriculum c = Curriculum.parse("3000:0.3, 6000:0.6");
    assertEquals(0.3, c.after(0).share());
    assertEquals(0.3, c.after(2999).share());
    assertEquals(0.6, c.after(3000).share());
    assertNull(c.after(6000));
    assertEquals("3000:0.3,6000:0.6", c.toString());
    assertNull(Curriculum.parse("").after(0));
  }

  @Test
  void badStagesAreNamed() {
    for (String text : new String[] {"3000", "3000:x", "3000:0.3:1", "0:0.3", "3000:0",
        "3000:1.01", "3000:0.3,3000:0.6"}) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> Curriculum.parse(text), text);
      assertTrue(e.getMessage().startsWith("--curriculum "), e.getMessage());
    }
  }
}
