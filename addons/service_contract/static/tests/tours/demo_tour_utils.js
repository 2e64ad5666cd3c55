/**
 * Helpers of the tours on the demo data (tests/test_demo_tours.py).
 */

const DATA_COOKIE = "fsm_demo_tour";

/** What the test passed to the tour: the demo records' ids and names, labels in the user's
 * language. The test sets it as a cookie, so that it survives the page loads of a tour. */
export function demoData() {
    const prefix = `${DATA_COOKIE}=`;
    const cookie = document.cookie.split("; ").find((part) => part.startsWith(prefix));
    if (!cookie) {
        throw new Error(`The test did not set the ${DATA_COOKIE} cookie`);
    }
    return JSON.parse(decodeURIComponent(cookie.slice(prefix.length)));
}

/** A step checking that the element shows ``expected`` (a label in the user's language). */
export function checkText(content, trigger, expected) {
    return {
        content,
        trigger,
        run() {
            const text = this.anchor.textContent.replace(/\s+/g, " ");
            if (!text.includes(expected)) {
                throw new Error(`"${expected}" expected in "${text.trim()}"`);
            }
        },
    };
}

/** A step that opens ``url`` in the web client (a record the flow goes to next). */
export function goTo(content, url, trigger = "body") {
    return {
        content,
        trigger,
        run() {
            window.location.href = url;
        },
        expectUnloadPage: true,
    };
}
