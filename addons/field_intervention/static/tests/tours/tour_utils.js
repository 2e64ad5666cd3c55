/**
 * Helpers shared by the field_intervention tours.
 */

/** A step that asks the test for a screenshot (saved when FSM_SCREENSHOTS is set). */
export function screenshot(name, trigger = "body") {
    return {
        content: `Screenshot: ${name}`,
        trigger,
        async run() {
            console.log(`fsm-screenshot:${name}`);
            // leave the test time to capture this screen before the next step changes it
            await new Promise((resolve) => setTimeout(resolve, 1000));
        },
    };
}

/** HTML5 drag and drop as the browser dispatches it, from an element onto another. */
export function dragAndDrop(source, target) {
    if (!target) {
        throw new Error("Drop target not found");
    }
    const dataTransfer = new DataTransfer();
    source.dispatchEvent(new DragEvent("dragstart", { dataTransfer, bubbles: true }));
    target.dispatchEvent(new DragEvent("dragover", { dataTransfer, bubbles: true, cancelable: true }));
    target.dispatchEvent(new DragEvent("drop", { dataTransfer, bubbles: true, cancelable: true }));
    source.dispatchEvent(new DragEvent("dragend", { dataTransfer, bubbles: true }));
}
