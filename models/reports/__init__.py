"""Management information: in which phase deals are won or lost, and why."""
