/**
 * SimVTP as a DJL model: {@link ai.djl.repository.zoo.Criteria} loading through {@link
 * org.simvtp.models.zoo.SimvtpBlockFactory} and translators that embed video files and captions ({@link
 * org.simvtp.models.zoo.SimvtpTranslatorFactory}); {@link org.simvtp.models.zoo.SimvtpCriteria} sets both up.
 */
package org.simvtp.models.zoo;
