/**
 * What is done to text before it leaves for an external model: personal data masked, the prompt
 * fitted to its largest size.
 */
package io.switchboard.ai.safety;
