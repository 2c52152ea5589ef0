import { strToU8, zipSync, type Zippable } from 'fflate';
import { picturePng } from './pptx.ts';

/**
 * Packages as an LMS gets them from an authoring tool: a SCORM 1.2 and a
 * SCORM 2004 package of three SCOs (a page with a photo, one with a list, a
 * table, a video player and scripts, and a quiz page whose answers live in
 * its script), an IMS QTI 2.1 question, a video file, a script library and a
 * style sheet; and a cmi5 course of a block of two AUs and one hosted elsewhere.
 */
const page = (title: string, body: string) => `<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>${title}</title><link rel="stylesheet" href="../shared/style.css"><script src="../shared/scorm-api.js"></script></head>
<body onload="LMSInitialize()"><h1>${title}</h1>${body}<script>trackProgress();</script></body></html>`;

const SCOS = {
  'sco1/index.html': page('Why backs get hurt', `
    <p>Most back injuries at work come from <strong>lifting with a bent back</strong>, not from heavy loads.</p>
    <img src="images/spine.png" alt="A spine bending under a load">
    <p>Twisting while you hold a load is worse still.</p>`),
  'sco2/index.html': page('Lifting step by step', `
    <ol><li>Stand close to the load.</li><li>Bend your knees, not your back.</li><li>Lift with your legs.</li></ol>
    <table><tr><th>Load</th><th>Who lifts</th></tr><tr><td>Up to 25 kg</td><td>One person</td></tr><tr><td>Over 25 kg</td><td>Two people or a hoist</td></tr></table>
    <video src="../media/lift.mp4" controls></video>
    <p>Watch the video at your desk.</p>`),
  'sco3/quiz.html': page('Check yourself', `
    <form><p>What bends when you lift?</p>
    <label><input type="radio" name="q1" value="a"> Your knees</label><label><input type="radio" name="q1" value="b"> Your back</label>
    <p>How heavy may one person lift?</p>
    <label><input type="radio" name="q2" value="a"> 25 kg</label><label><input type="radio" name="q2" value="b"> 50 kg</label>
    <button onclick="score()">Submit</button></form>`),
};

const QTI_ITEM = `<?xml version="1.0" encoding="UTF-8"?>
<assessmentItem xmlns="http://www.imsglobal.org/xsd/imsqti_v2p1" identifier="q-knees" title="Knees" adaptive="false" timeDependent="false">
  <responseDeclaration identifier="RESPONSE" cardinality="single" baseType="identifier">
    <correctResponse><value>A</value></correctResponse>
  </responseDeclaration>
  <itemBody>
    <choiceInteraction responseIdentifier="RESPONSE" shuffle="false" maxChoices="1">
      <prompt>What bends when you lift a box from the floor?</prompt>
      <simpleChoice identifier="A">Your knees</simpleChoice>
      <simpleChoice identifier="B">Your back</simpleChoice>
    </choiceInteraction>
  </itemBody>
  <modalFeedback outcomeIdentifier="FEEDBACK" showHide="show" identifier="A">Your legs lift; your back stays straight.</modalFeedback>
</assessmentItem>`;

/** A video file as large as `bytes`: what makes a package tens of MiB. Zeros, so the test file itself stays small once deflated. */
const video = (bytes: number) => new Uint8Array(bytes);

function files(version: '1.2' | '2004', videoBytes: number): Zippable {
  const sco = version === '1.2' ? 'adlcp:scormtype="sco"' : 'adlcp:scormType="sco"';
  const mastery = version === '1.2' ? '<adlcp:masteryscore>80</adlcp:masteryscore>' : '';
  const sequencing = version === '2004' ? '<imsss:sequencing><imsss:objectives><imsss:primaryObjective objectiveID="pass" satisfiedByMeasure="true"><imsss:minNormalizedMeasure>0.8</imsss:minNormalizedMeasure></imsss:primaryObjective></imsss:objectives></imsss:sequencing>' : '';
  const namespaces = version === '1.2'
    ? 'xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2" xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_rootv1p2"'
    : 'xmlns="http://www.imsglobal.org/xsd/imscp_v1p1" xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_v1p3" xmlns:imsss="http://www.imsglobal.org/xsd/imsss"';
  const manifest = `<?xml version="1.0" encoding="UTF-8"?>
<manifest identifier="backs" version="1" ${namespaces}>
  <metadata><schema>ADL SCORM</schema><schemaversion>${version === '1.2' ? '1.2' : '2004 4th Edition'}</schemaversion></metadata>
  <organizations default="org">
    <organization identifier="org">
      <title>Safe lifting at the warehouse</title>
      <item identifier="i1" identifierref="r1"><title>Why backs get hurt</title></item>
      <item identifier="i2" identifierref="r2"><title>Lifting step by step</title></item>
      <item identifier="i3" identifierref="r3"><title>Check yourself</title>${mastery}${sequencing}</item>
    </organization>
  </organizations>
  <resources>
    <resource identifier="r1" type="webcontent" ${sco} href="sco1/index.html"><file href="sco1/index.html"/><file href="sco1/images/spine.png"/><dependency identifierref="shared"/></resource>
    <resource identifier="r2" type="webcontent" ${sco} href="sco2/index.html"><file href="sco2/index.html"/><file href="media/lift.mp4"/><dependency identifierref="shared"/></resource>
    <resource identifier="r3" type="webcontent" ${sco} href="sco3/quiz.html"><file href="sco3/quiz.html"/><dependency identifierref="shared"/></resource>
    <resource identifier="q1" type="imsqti_item_xmlv2p1" href="quiz/knees.xml"><file href="quiz/knees.xml"/></resource>
    <resource identifier="shared" type="webcontent" ${version === '1.2' ? 'adlcp:scormtype' : 'adlcp:scormType'}="asset"><file href="shared/scorm-api.js"/><file href="shared/style.css"/></resource>
  </resources>
</manifest>`;
  return {
    'imsmanifest.xml': strToU8(manifest),
    ...Object.fromEntries(Object.entries(SCOS).map(([path, html]) => [path, strToU8(html)])),
    'sco1/images/spine.png': picturePng(1200, 800, 'photo'),
    'quiz/knees.xml': strToU8(QTI_ITEM),
    'media/lift.mp4': [video(videoBytes), { level: 0 }],
    'shared/scorm-api.js': strToU8(`function LMSInitialize() {}\nfunction trackProgress() {}\nfunction score() {}\n${'// padding\n'.repeat(2000)}`),
    'shared/style.css': strToU8('body { font-family: sans-serif; }'),
  } as Zippable;
}

/** A SCORM package; the video is stored, not deflated, as authoring tools store media (`videoBytes` sets the package's size). */
export function scormPackage(version: '1.2' | '2004', videoBytes = 2 * 1024 * 1024): Uint8Array {
  return zipSync(files(version, videoBytes));
}

/** The same package with some files changed: what a damaged or hostile package looks like. */
export function alteredScormPackage(version: '1.2' | '2004', change: (files: Zippable) => void): Uint8Array {
  const all = files(version, 64 * 1024);
  change(all);
  return zipSync(all);
}

export function cmi5Package(): Uint8Array {
  const structure = `<?xml version="1.0" encoding="UTF-8"?>
<courseStructure xmlns="https://w3id.org/xapi/profiles/cmi5/v1/CourseStructure.xsd">
  <course id="https://plant.example/courses/forklift">
    <title><langstring lang="en-US">Forklift basics</langstring><langstring lang="nl-NL">Heftruck: de basis</langstring></title>
    <description><langstring lang="en-US">Before you drive, and when you park.</langstring></description>
  </course>
  <block id="https://plant.example/courses/forklift/driving">
    <title><langstring lang="en-US">Driving</langstring></title>
    <au id="https://plant.example/courses/forklift/au1" moveOn="CompletedOrPassed" masteryScore="0.75">
      <title><langstring lang="en-US">Before you drive</langstring></title>
      <url>au1/index.html</url>
    </au>
    <au id="https://plant.example/courses/forklift/au2">
      <title><langstring lang="en-US">Parking</langstring></title>
      <url>au2/index.html?mode=normal</url>
    </au>
  </block>
  <au id="https://plant.example/courses/forklift/au3">
    <title><langstring lang="en-US">Simulator</langstring></title>
    <url>https://lms.example/forklift-simulator</url>
  </au>
</courseStructure>`;
  return zipSync({
    'cmi5.xml': strToU8(structure),
    'au1/index.html': strToU8(page('Before you drive', '<p>Walk around the truck and check the forks, the tyres and the horn.</p>')),
    'au2/index.html': strToU8(page('Parking', '<ul><li>Forks down</li><li>Brake on</li><li>Key out</li></ul>')),
    'au1/cmi5-launch.js': strToU8('function launch() {}'),
  });
}
