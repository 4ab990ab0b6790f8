/** SimVTP models: the pre-training model, the two-tower retrieval model, losses and weight loading. */
package org.simvtp.models;
